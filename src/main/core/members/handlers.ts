import type { AreaHandlers } from '../handler-types';
import type { HandlerContext } from '../context';
import { AppError, notFound } from '../errors';
import { countryOf, loadLiveMember, loadMember, toMemberDto } from './member-repo';
import { registerMember, setMemberActive, updateMember } from './register';
import { searchMembers, DEFAULT_SEARCH_LIMIT } from './search';
import { changeMemberPin, resetMemberPin, setPinHash, verifyMemberPin } from './pin';
import { eraseMember, exportMemberData } from './privacy';
import { listMembers } from './list';
import type { MemberDto } from '../../../shared/contract/members';
import { withOperation } from '../operations';

/** The member as the renderer sees it, read back after each change. */
function dto(ctx: HandlerContext, memberId: string): MemberDto {
  return toMemberDto(loadMember(ctx.db, memberId), countryOf(ctx));
}

export const membersHandlers: AreaHandlers<'members'> = {
  'members:register': (ctx, input) => {
    const { opId, ...fields } = input;
    const register = () => dto(ctx, registerMember(ctx, fields));
    // With an operation id, a retry after a lost reply (or a crash before the reply)
    // returns the member registered the first time instead of a CONFLICT.
    return opId ? withOperation(ctx.db, ctx.now(), 'members:register', { ...fields, opId }, register) : register();
  },

  'members:get': (ctx, input) => dto(ctx, input.memberId),

  'members:update': (ctx, input) => {
    const { memberId, ...fields } = input;
    updateMember(ctx, memberId, fields);
    return dto(ctx, memberId);
  },

  'members:deactivate': (ctx, input) => {
    setMemberActive(ctx, input.memberId, false);
    return dto(ctx, input.memberId);
  },

  'members:reactivate': (ctx, input) => {
    setMemberActive(ctx, input.memberId, true);
    return dto(ctx, input.memberId);
  },

  'members:search': (ctx, input) =>
    searchMembers(ctx.db, input.query, countryOf(ctx), input.limit ?? DEFAULT_SEARCH_LIMIT),

  'members:lookupCard': (ctx, input) => {
    const id = ctx.db
      .prepare('SELECT id FROM members WHERE card_number = ? AND erased_at IS NULL')
      .pluck()
      .get(input.cardNumber) as string | undefined;
    if (!id) throw notFound('Card', { field: 'cardNumber', reason: 'cardNotFound' });
    return dto(ctx, id);
  },

  'members:setPin': (ctx, input) => {
    const row = loadLiveMember(ctx.db, input.memberId);
    if (row.pin_hash !== null) {
      throw new AppError('CONFLICT', 'This member already has a PIN: change it (old PIN) or reset it', {
        field: 'pin',
        reason: 'pinAlreadySet',
      });
    }
    setPinHash(ctx, row.id, input.pin);
    ctx.audit('members.pinSet', row.id);
    return dto(ctx, row.id);
  },

  'members:changePin': (ctx, input) => {
    changeMemberPin(ctx, input.memberId, input.oldPin, input.newPin);
    return dto(ctx, input.memberId);
  },

  'members:resetPin': (ctx, input) => {
    const { memberId, newPin, ...claim } = input;
    resetMemberPin(ctx, memberId, claim, newPin);
    return dto(ctx, memberId);
  },

  'members:verifyPin': (ctx, input) => {
    const row = loadLiveMember(ctx.db, input.memberId);
    if (row.pin_hash === null) {
      throw new AppError('VALIDATION', 'This member has no PIN', { field: 'pin', reason: 'pinNotSet' });
    }
    verifyMemberPin(ctx, input.memberId, input.pin);
    return { verified: true as const };
  },

  'members:exportData': (ctx, input) => exportMemberData(ctx, input.memberId),

  'members:erase': (ctx, input) => {
    eraseMember(ctx, input.memberId, input.reason);
    return dto(ctx, input.memberId);
  },

  'members:list': (ctx, input) =>
    listMembers(
      ctx.db,
      {
        sort: input.sort ?? 'name',
        direction: input.direction ?? 'asc',
        status: input.status ?? 'all',
        text: input.text,
        cursor: input.cursor,
        limit: input.limit ?? 100,
      },
      countryOf(ctx),
    ),
};

export { verifyMemberPin } from './pin';
export { registerMemberDataSection } from './privacy';
