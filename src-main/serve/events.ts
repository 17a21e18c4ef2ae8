// Service events pushed to every page over one WebSocket each.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '../../src-preload/contract.ts';
import { encodeWire } from '../../src-preload/wire.ts';
import type { LabService } from '../service/types.ts';

// a page that stops reading is dropped rather than buffered without end
const maxBuffered = 16 * 1024 * 1024;

export class EventSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly offs: (() => void)[];

  constructor(service: LabService) {
    this.offs = eventNames.map((event) =>
      service.on(event, (payload) => this.broadcast(encodeWire({ event, payload }))),
    );
  }

  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // the page only listens; whatever it sends is ignored
      ws.on('error', () => ws.terminate());
    });
  }

  close(): void {
    this.offs.forEach((off) => off());
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private broadcast(text: string): void {
    for (const ws of this.wss.clients) send(ws, text);
  }
}

function send(ws: WebSocket, text: string): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > maxBuffered) ws.terminate();
  else ws.send(text);
}

/** answers a refused upgrade with a plain HTTP status and hangs up */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
