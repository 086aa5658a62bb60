import { describe, expect, it } from 'vitest';
import { attemptKey, createCommandRunner } from '../../src/renderer/src/lib/command-runner';
import type { Result } from '../../src/shared/errors';

/** A send() the test answers by hand, recording what was sent. */
function manualSend<P>() {
  const sent: { payload: P; opId: string | undefined; answer(r: Result<string>): void; lose(): void }[] = [];
  const send = (payload: P, opId: string | undefined) =>
    new Promise<Result<string>>((resolve, reject) => {
      sent.push({ payload, opId, answer: resolve, lose: () => reject(new TypeError('Failed to fetch')) });
    });
  return { sent, send };
}

function ids() {
  let n = 0;
  return () => `op-${++n}`;
}

const refused: Result<string> = { ok: false, error: { code: 'VALIDATION', message: 'PIN wrong', details: {} } };

describe('command runner: one request at a time, one op id per attempt', () => {
  it('a second press while the first is on its way returns the same promise and sends nothing', async () => {
    const { sent, send } = manualSend<{ rewardId: string }>();
    const runner = createCommandRunner({ send, takesOpId: true, newOpId: ids() });
    const first = runner.run({ rewardId: 'r1' });
    const second = runner.run({ rewardId: 'r1' });
    const other = runner.run({ rewardId: 'r2' }); // even another payload waits for the first
    expect(second).toBe(first);
    expect(other).toBe(first);
    expect(sent).toHaveLength(1);
    expect(runner.getState().busy).toBe(true);
    sent[0].answer({ ok: true, value: 'redeemed' });
    await expect(first).resolves.toEqual({ ok: true, value: 'redeemed' });
    expect(runner.getState()).toMatchObject({ busy: false, result: 'redeemed', error: null });
  });

  it('a retry of the same payload after an error or a lost reply reuses the op id', async () => {
    const { sent, send } = manualSend<{ rewardId: string; pin?: string }>();
    const runner = createCommandRunner({ send, takesOpId: true, newOpId: ids() });
    const a = runner.run({ rewardId: 'r1', pin: '1111' });
    sent[0].answer(refused);
    expect(await a).toEqual(refused);
    expect(runner.getState().error?.message).toBe('PIN wrong');
    // A corrected PIN is the same attempt (main leaves the PIN out of its payload hash too).
    const b = runner.run({ rewardId: 'r1', pin: '2468' });
    sent[1].lose();
    expect((await b).ok).toBe(false);
    // No answer: marked as such, so the text can say the store may have done it.
    expect(runner.getState().error).toMatchObject({ code: 'INTERNAL', details: { reason: 'noAnswer' } });
    void runner.run({ rewardId: 'r1', pin: '2468' });
    expect(sent.map((s) => s.opId)).toEqual(['op-1', 'op-1', 'op-1']);
  });

  it('a changed payload or a reset starts a new attempt; a repeat after a success is that success', async () => {
    const { sent, send } = manualSend<{ points: number }>();
    let successes = 0;
    const runner = createCommandRunner({ send, takesOpId: true, newOpId: ids(), onSuccess: () => successes++ });
    const refusedRun = runner.run({ points: 10 });
    sent[0].answer(refused);
    await refusedRun;
    const changed = runner.run({ points: 11 });
    sent[1].answer({ ok: true, value: 'ok' });
    await changed;
    // The same payload again (a second click after the answer): the first result, nothing sent.
    await expect(runner.run({ points: 11 })).resolves.toEqual({ ok: true, value: 'ok' });
    expect(sent).toHaveLength(2);
    expect(successes).toBe(1);
    // A new entry (reset) or another payload: a new attempt with a new id.
    runner.reset();
    void runner.run({ points: 11 });
    expect(sent.map((s) => s.opId)).toEqual(['op-1', 'op-2', 'op-3']);
  });

  it('the attempt key ignores key order, undefined fields and the PIN', () => {
    expect(attemptKey({ a: 1, b: [{ y: 2, x: 1 }], pin: '1234', c: undefined })).toBe(
      attemptKey({ b: [{ x: 1, y: 2 }], a: 1 }),
    );
    expect(attemptKey({ a: 1 })).not.toBe(attemptKey({ a: 2 }));
  });

  it('sends no op id where the channel takes none', async () => {
    const { sent, send } = manualSend<Record<string, never>>();
    const runner = createCommandRunner({ send, takesOpId: false, newOpId: ids() });
    void runner.run({});
    expect(sent[0].opId).toBeUndefined();
  });

  it('onSuccess runs once per successful request, not once per press', async () => {
    const { sent, send } = manualSend<{ n: number }>();
    const calls: string[] = [];
    const runner = createCommandRunner({
      send,
      takesOpId: true,
      newOpId: ids(),
      onSuccess: (v) => calls.push(v),
    });
    const p1 = runner.run({ n: 1 });
    const p2 = runner.run({ n: 1 });
    sent[0].answer({ ok: true, value: 'done' });
    await Promise.all([p1, p2]);
    expect(calls).toEqual(['done']);
  });

  it('an error replaces the last success; refuse shows a problem until the next run; reset forgets', async () => {
    const { sent, send } = manualSend<{ n: number }>();
    const runner = createCommandRunner({ send, takesOpId: true, newOpId: ids() });
    let notified = 0;
    runner.subscribe(() => notified++);
    const ok = runner.run({ n: 1 });
    sent[0].answer({ ok: true, value: 'first' });
    await ok;
    const bad = runner.run({ n: 2 });
    sent[1].answer(refused);
    await bad;
    expect(runner.getState()).toMatchObject({
      result: null,
      error: refused.ok ? null : refused.error,
      input: { n: 2 },
    });
    runner.refuse('Type a number.');
    expect(runner.getState().problem).toBe('Type a number.');
    void runner.run({ n: 2 });
    expect(runner.getState().problem).toBe('');
    expect(sent[2].opId).toBe(sent[1].opId);
    runner.reset();
    expect(runner.getState()).toMatchObject({ result: null, error: null, input: null, problem: '' });
    expect(notified).toBeGreaterThan(0);
  });

  it('keeps the input of a failed attempt for its error text, without the PIN or op id; a success forgets it', async () => {
    const { sent, send } = manualSend<{ receiptNo: string; pin?: string }>();
    const runner = createCommandRunner({ send, takesOpId: true, newOpId: ids() });
    const a = runner.run({ receiptNo: 'R-7', pin: '1234' });
    sent[0].answer(refused);
    await a;
    expect(runner.getState().input).toEqual({ receiptNo: 'R-7' });
    const b = runner.run({ receiptNo: 'R-7', pin: '1234' });
    sent[1].answer({ ok: true, value: 'awarded' });
    await b;
    expect(runner.getState()).toMatchObject({ result: 'awarded', error: null, input: null });
  });
});
