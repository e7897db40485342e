#!/usr/bin/env node
// A proxy's plan for one cached connection to a Postfix, carrying two clients, then a third
// whose address ends the connection's XCLIENT rights. No network: the server's EHLO reply is
// given as text. Run after `npm run build`: node examples/cached-client.mjs
import { REPLIES } from 'smtp-xclient';
import {
  interpretXclientReply,
  planConnectionReuse,
  planXclientSession,
} from 'smtp-xclient/client';

// What Postfix answers to `EHLO proxy.example` from an authorized proxy.
const EHLO = [
  '250-mx.example',
  '250-PIPELINING',
  '250-XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT',
  '250 8BITMIME',
];
// The server's smtpd_authorized_xclient_hosts, so that the plans can predict re-authorization.
const options = { authorizedHosts: ['10.0.0.0/8', '127.0.0.0/8'] };

const alice = {
  NAME: 'mail.alice.example',
  ADDR: '10.1.2.3',
  PORT: 51234,
  HELO: 'mail.alice.example',
  PROTO: 'ESMTP',
  LOGIN: 'alice',
};
const bob = { ADDR: '10.9.8.7', PORT: 40001, HELO: '[10.9.8.7]', PROTO: 'ESMTP' };
const mallory = { NAME: 'x.example', ADDR: '203.0.113.9', HELO: 'x.example', PROTO: 'ESMTP' };

function show(title, plan) {
  console.log(`\n== ${title}`);
  for (const line of plan.lines) console.log(`C: ${line}\nS: 220 mx.example ESMTP`);
  console.log(`C: ${plan.hello.line}    (hello from ${plan.hello.source})`);
  console.log('C: MAIL FROM:<…> … (the client’s transaction), then RSET or end of DATA');
  console.log(`usable now: ${plan.usable} (${plan.reason})`);
  console.log(`usable for the next client: ${plan.usableAfter} (${plan.reasonAfter})`);
  if (plan.omitted.length > 0) console.log(`omitted: ${plan.omitted.join(', ')}`);
  if (plan.unavailable) console.log(`sent as [UNAVAILABLE]: ${plan.unavailable.join(', ') || '-'}`);
  if (plan.cleared)
    console.log(`cleared from the previous client: ${plan.cleared.join(', ') || '-'}`);
}

const first = planXclientSession(alice, EHLO, options);
show('client 1 (fresh connection)', first);
console.log(
  `after each 220: ${interpretXclientReply(REPLIES.greeting('mx.example ESMTP')).action}`,
);

// The reply to the EHLO sent after alice's XCLIENT still announces XCLIENT: reuse is safe.
const second = planConnectionReuse(alice, bob, { ...options, ehloReply: EHLO });
show('client 2 (same connection)', second);

const third = planConnectionReuse(bob, mallory, options);
show('client 3 (same connection)', third);
// …and the one after mallory could not use it any more: Postfix would answer 550.
const fourth = planConnectionReuse(mallory, alice, options);
console.log(`\n== client 4: usable ${fourth.usable} (${fourth.reason})`);
const verdict = interpretXclientReply(REPLIES.unauthorized);
console.log(
  `if sent anyway: ${verdict.action}, close=${verdict.closeConnection} (${verdict.reason})`,
);
