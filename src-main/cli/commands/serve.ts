// serve: the browser host until SIGINT or SIGTERM.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../serve/server.ts';
import { numberOption, stringOption, UsageError } from '../args.ts';
import type { Command, Context } from '../context.ts';

const rendererDir = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export const serve: Command = {
  name: 'serve',
  args: [],
  synopsis: '[--port 0] [--host 127.0.0.1]',
  summary: 'serve the app to a browser; prints the URL with its token',
  options: { port: { type: 'string' }, host: { type: 'string' } },
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
    const service = await ctx.service('browser');
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
