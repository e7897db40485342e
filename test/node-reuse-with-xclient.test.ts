// reuseWithXclient (smtp-xclient/node) against scripted servers on 127.0.0.1: the octets it
// sends, a refused RSET, and a first connection whose hello was HELO. The common cases are in
// node-connect.test.ts.
import { connectWithXclient, reuseWithXclient, XclientConnectionError } from 'smtp-xclient/node';
import { describe, expect, it } from 'vitest';
import { closedAfterEach, type Fake, postfixLike } from './helpers/smtp-servers.js';

const { fake } = closedAfterEach();

const to = (f: Fake) => ({ host: '127.0.0.1', port: f.port, timeout: 2000 });

describe('reuseWithXclient', () => {
  it('sends RSET, the XCLIENT line and the hello, each a line ended by CR LF', async () => {
    const f = await fake();
    const first = await connectWithXclient({ ...to(f), identity: { ADDR: '192.0.2.1' } });
    const sent = f.wire().length;
    const second = await reuseWithXclient(first, { ADDR: '192.0.2.2' }, { timeout: 2000 });
    // The XCLIENT line is the planner's (tested with planConnectionReuse); here, the framing.
    expect(second.plan.lines).toHaveLength(1);
    expect(second.plan.lines[0]).toMatch(/^XCLIENT .*ADDR=192\.0\.2\.2/);
    expect(f.wire().slice(sent)).toBe(`RSET\r\n${second.plan.lines[0]}\r\nEHLO [192.0.2.2]\r\n`);
    second.socket.destroy();
  });

  it('a refused RSET: SERVER_REFUSED "RSET refused: …", the socket destroyed', async () => {
    const f = await fake({ on: (l) => (l === 'RSET' ? '451 4.3.0 busy' : postfixLike(l)) });
    const first = await connectWithXclient({ ...to(f), identity: { ADDR: '192.0.2.1' } });
    const e = await reuseWithXclient(first, { ADDR: '192.0.2.2' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(XclientConnectionError);
    expect(e).toMatchObject({
      code: 'SERVER_REFUSED',
      step: 'rset',
      message: 'RSET refused: 451 4.3.0 busy',
      reply: { code: 451 },
    });
    expect(first.socket.destroyed).toBe(true);
  });

  it('after a HELO hello the reply to HELO is not read as an EHLO reply', async () => {
    // The reply to HELO announces nothing: read as an EHLO reply it would say "no XCLIENT".
    const f = await fake();
    const first = await connectWithXclient({
      ...to(f),
      identity: { ADDR: '192.0.2.1', PROTO: 'SMTP', HELO: 'c.example' },
    });
    expect(first.plan.hello.verb).toBe('HELO');
    const second = await reuseWithXclient(first, {
      ADDR: '192.0.2.2',
      PROTO: 'SMTP',
      HELO: 'd.example',
    });
    expect(f.received().slice(-3)).toEqual(['RSET', ...second.plan.lines, 'HELO d.example']);
    expect(second.plan.lines[0]?.split(' ')).toEqual(
      expect.arrayContaining(['PROTO=SMTP', 'HELO=d.example', 'ADDR=192.0.2.2']),
    );
    second.socket.destroy();
  });
});
