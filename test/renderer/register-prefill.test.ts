import { describe, expect, it } from 'vitest';
import { splitPrefill } from '../../src/renderer/src/features/members/prefill';

describe('register from search: the search text goes to the field its shape says', () => {
  it.each([
    ['139 8765 4321', { name: '', phone: '139 8765 4321', email: '' }],
    ['+86 139-8765-4321', { name: '', phone: '+86 139-8765-4321', email: '' }],
    ['(021) 5555 1234', { name: '', phone: '(021) 5555 1234', email: '' }],
    ['lin@example.com', { name: '', phone: '', email: 'lin@example.com' }],
    ['王芳', { name: '王芳', phone: '', email: '' }],
    ['Zhou Jie', { name: 'Zhou Jie', phone: '', email: '' }],
    ['4321', { name: '', phone: '', email: '' }], // last 4 digits: neither a phone nor a name
    ['  ', { name: '', phone: '', email: '' }],
  ])('%j', (typed, expected) => {
    expect(splitPrefill(typed)).toEqual(expected);
  });
});
