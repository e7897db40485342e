// The connection under connectWithXclient and the CLI's probe (src/node/smtp.ts): commands
// written as one line each with CR LF, pipelined lines in one write (what
// findPipeliningHazards reads), a line holding CR or LF refused before anything is sent, and
// QUIT that never fails.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkLimits, SmtpClientConnection } from '../src/node/smtp.js';
import { closedAfterEach, type Fake, type scripted } from './helpers/smtp-servers.js';

const { fake, sockets } = closedAfterEach();

async function open(on?: Parameters<typeof scripted>[0]): Promise<[SmtpClientConnection, Fake]> {
  const f = await fake(on);
  const socket = net.connect(f.port, '127.0.0.1');
  sockets.push(socket);
  await new Promise((r) => socket.once('connect', r));
  const conn = new SmtpClientConnection(socket, checkLimits({ timeout: 2000 }));
  await conn.reply();
  return [conn, f];
}

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('SmtpClientConnection', () => {
  it('pipelined lines go out in one write, each ended by CR LF, and are recorded', async () => {
    const [conn, f] = await open();
    conn.sendPipelined(['MAIL FROM:<a@example.com>', 'RCPT TO:<b@example.com>']);
    conn.send('NOOP');
    expect(conn.writes).toEqual([
      ['MAIL FROM:<a@example.com>', 'RCPT TO:<b@example.com>'],
      ['NOOP'],
    ]);
    await until(() => f.received().length === 3);
    expect(f.wire()).toBe('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nNOOP\r\n');
    expect(conn.transcript.filter((t) => t.dir === 'C').map((t) => t.line)).toEqual([
      'MAIL FROM:<a@example.com>',
      'RCPT TO:<b@example.com>',
      'NOOP',
    ]);
  });

  it.each([['NOOP\r\nQUIT'], ['NOOP\n'], ['NOOP\r']])(
    'a line holding CR or LF (%j) is refused, and nothing of the batch is sent',
    async (bad) => {
      const [conn, f] = await open();
      expect(() => conn.sendPipelined(['RSET', bad])).toThrow(
        new TypeError('a command line cannot hold CR or LF'),
      );
      expect(conn.writes).toEqual([]);
      expect(conn.transcript.filter((t) => t.dir === 'C')).toEqual([]);
      conn.send('NOOP');
      await until(() => f.received().length > 0);
      expect(f.wire()).toBe('NOOP\r\n');
    },
  );

  it('quit sends QUIT and reads the 221', async () => {
    const [conn, f] = await open();
    await conn.quit();
    expect(f.received()).toEqual(['QUIT']);
    expect(conn.transcript.at(-1)).toEqual({ dir: 'S', line: '221 2.0.0 Bye' });
  });

  it('quit to a server that closes without a 221 resolves all the same', async () => {
    const [conn, f] = await open({ on: () => ({ close: true }) });
    await expect(conn.quit()).resolves.toBeUndefined();
    expect(f.received()).toEqual(['QUIT']);
  });

  it('quit on a closed connection sends nothing', async () => {
    const [conn, f] = await open();
    conn.destroy();
    await conn.quit();
    expect(conn.transcript.filter((t) => t.dir === 'C')).toEqual([]);
    expect(f.received()).toEqual([]);
  });

  it('quit after the connection was ended for writing sends nothing', async () => {
    const [conn] = await open();
    conn.socket.end();
    await conn.quit();
    expect(conn.transcript.filter((t) => t.dir === 'C')).toEqual([]);
  });
});
