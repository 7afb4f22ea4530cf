import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSemantics } from '../../../src/api/semantics.ts';
import type { GdprJitsiMeetSpec } from '../../../src/api/types.ts';
import { withDefaults } from '../../../src/api/with-defaults.ts';

const MINIMAL: GdprJitsiMeetSpec = { domain: 'meet.example.eu', tls: { secretName: 'tls' } };

function problems(spec: Partial<GdprJitsiMeetSpec>): string[] {
  return checkSemantics(withDefaults({ ...MINIMAL, ...spec }));
}

test('accepts a minimal spec', () => {
  assert.deepEqual(problems({}), []);
});

test('accepts a monitoring namespace of its own', () => {
  assert.deepEqual(problems({ monitoring: { namespace: 'monitoring' } }), []);
});

test('rejects a reserved monitoring namespace', () => {
  for (const namespace of ['kube-system', 'kube-public', 'kube-node-lease']) {
    const [problem, ...rest] = problems({ monitoring: { namespace } });
    assert.match(problem ?? '', new RegExp(`^spec\\.monitoring\\.namespace: '${namespace}'`));
    assert.deepEqual(rest, []);
  }
});

test('rejects the internal XMPP domain', () => {
  assert.match(
    problems({ domain: 'meet.jitsi' })[0] ?? '',
    /^spec\.domain: 'meet\.jitsi' collides/,
  );
  assert.match(problems({ domain: 'auth.meet.jitsi' })[0] ?? '', /^spec\.domain:/);
  assert.deepEqual(problems({ domain: 'meet.jitsi.example.eu' }), []);
});

test('rejects a controller pod selector without namespace', () => {
  const [problem] = problems({
    ingress: { controller: { podSelector: { matchLabels: { app: 'nginx' } } } },
  });
  assert.match(problem ?? '', /^spec\.ingress\.controller\.podSelector .* set the namespace/);
  assert.deepEqual(
    problems({
      ingress: {
        controller: { namespace: 'ingress-nginx', podSelector: { matchLabels: { app: 'nginx' } } },
      },
    }),
    [],
  );
});
