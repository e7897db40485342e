// What the recording scripts (record-postfix.mjs, xforward-probe.mjs) share: one loopback
// connection that writes Latin-1 octets and reads whole SMTP replies, and the reading of a
// reply as the shared corpus stores it. node:net only.
import net from 'node:net';

/**
 * A reply's code, enhanced code and text (lines joined with "\n", each without the enhanced
 * code), as ../shared/scripts/probe.mjs reads them; all null for no lines.
 */
export function parseReply(lines) {
  if (lines.length === 0) return { code: null, enhanced: null, text: null };
  const texts = lines.map((l) => l.slice(4));
  const m = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)/.exec(texts[0] ?? '');
  const enhanced = m ? m[1] : null;
  const strip = (t) => (enhanced && t.startsWith(enhanced) ? t.slice(enhanced.length + 1) : t);
  return { code: Number(lines[0].slice(0, 3)), enhanced, text: texts.map(strip).join('\n') };
}

/**
 * One connection. `read()` resolves with `{ lines }` for the next whole reply, `{ lines: [],
 * closed: true }` once the server has hung up, or `{ lines: [], timeout: true }` after
 * `timeoutMs`.
 */
export class Connection {
  constructor(host, port, timeoutMs) {
    this.buffer = Buffer.alloc(0);
    this.waiting = [];
    this.closed = false;
    this.timeoutMs = timeoutMs;
    this.socket = net.connect({ host, port });
    this.socket.on('data', (d) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      this.pump();
    });
    const hangUp = () => {
      this.closed = true;
      this.pump();
    };
    this.socket.on('close', hangUp);
    this.socket.on('error', hangUp);
  }

  /** The next complete reply in the buffer, or undefined. */
  take() {
    const lines = [];
    let at = 0;
    for (;;) {
      const lf = this.buffer.indexOf(0x0a, at);
      if (lf < 0) return undefined;
      const line = this.buffer.subarray(at, lf).toString('latin1').replace(/\r$/, '');
      lines.push(line);
      at = lf + 1;
      if (line.length < 4 || line[3] !== '-') {
        this.buffer = this.buffer.subarray(at);
        return lines;
      }
    }
  }

  pump() {
    while (this.waiting.length > 0) {
      const lines = this.take();
      if (lines !== undefined) this.waiting.shift()({ lines });
      else if (this.closed) this.waiting.shift()({ lines: [], closed: true });
      else return;
    }
  }

  read() {
    return new Promise((resolve) => {
      const done = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(done);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve({ lines: [], timeout: true });
      }, this.timeoutMs);
      this.waiting.push(done);
      this.pump();
    });
  }

  /** Writes the text's code units as octets; false once the connection is closed. */
  send(text) {
    if (this.closed) return false;
    this.socket.write(Buffer.from(text, 'latin1'));
    return true;
  }

  close() {
    this.socket.destroy();
  }
}
