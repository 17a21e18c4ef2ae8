// serve: the browser host until SIGINT or SIGTERM.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../serve/server.ts';
import { numberOption, stringOption, UsageError } from '../args.ts';
import type { Command, Context } from '../context.ts';
import type { LabService } from '../../service/types.ts';

const rendererDir = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export const serve: Command = {
  name: 'serve',
  args: [],
  synopsis: '[--port 0] [--host 127.0.0.1] [--model [NAME=]DIR ...]',
  summary:
    'serve the app to a browser; prints the URL with its token. --model registers an encoder folder first ' +
    '(named NAME, else after the folder), so the page can use it: the page itself never names a path',
  options: { port: { type: 'string' }, host: { type: 'string' }, model: { type: 'string', multiple: true } },
  async run(ctx, { values }) {
    const port = numberOption(values, 'port') ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be 0..65535, got ${port}`);
    const host = stringOption(values, 'host') ?? '127.0.0.1';
    const hasPage = existsSync(`${rendererDir}/index.html`);
    if (!hasPage)
      ctx.log(
        'the app page is not built (out/renderer is missing): run `npm run build:renderer`; serving the API only',
      );
    const models = ((values.model as string[] | undefined) ?? []).map((spec) => parseModelSpec(spec, ctx.cwd));
    const service = await ctx.service('browser');
    for (const model of models) await registerModel(ctx, service, model);
    const server = await startServer({
      service,
      host,
      port,
      rendererDir: hasPage ? rendererDir : undefined,
      log: ctx.log,
    });
    ctx.io.stdout.write(
      ctx.json ? `${JSON.stringify({ url: server.url, port: server.port, token: server.token })}\n` : `${server.url}\n`,
    );
    if (!isLoopback(host)) ctx.log(`listening on ${host}: anyone who can reach it and has the token can use this lab`);
    await untilSignal(ctx);
    ctx.log('shutting down');
    await server.close();
    return null;
  },
};

/** `NAME=DIR` or `DIR` (named after the folder); a path holding "=" needs the NAME= form */
export function parseModelSpec(spec: string, cwd: string): { name: string; dir: string } {
  const named = /^([^=/\\]+)=(.+)$/.exec(spec);
  const dir = resolve(cwd, named ? named[2] : spec);
  const name = named ? named[1].trim() : basename(dir);
  if (!name) throw new UsageError(`--model ${spec}: give a name, as --model NAME=DIR`);
  return { name, dir };
}

/** registers a folder; one already registered under that name from the same folder is kept as it is */
async function registerModel(ctx: Context, service: LabService, { name, dir }: { name: string; dir: string }) {
  const known = (await service.handlers.encoders({})).find((m) => m.name === name);
  if (known && known.dir === dir) {
    ctx.log(`encoder ${name}: already registered (${dir})`);
    return;
  }
  if (known)
    throw new UsageError(
      `--model: an encoder named "${name}" is already registered from ${known.dir}; pick another name: --model NAME=${dir}`,
    );
  const info = await service.addEncoderFolder(dir, name);
  ctx.log(`encoder ${info.name}: ${info.modelType}, ${info.layers} layers, hidden ${info.hiddenSize} (${info.dir})`);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function untilSignal(ctx: Context): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      ctx.signals.off('SIGINT', stop);
      ctx.signals.off('SIGTERM', stop);
      resolve();
    };
    ctx.signals.on('SIGINT', stop);
    ctx.signals.on('SIGTERM', stop);
  });
}
