import type { AreaHandlers } from '../handler-types';
import { noted } from '../handler-types';
import type { ReadContext } from '../context';
import { defineArea } from '../area';
import { checkMemberCounts } from './list';
import { countryOf, findMember, loadLiveMember, loadMember, toMemberDto, type MemberRow } from './member-repo';
import { registerMember, setMemberActive, updateMember } from './register';
import { searchMembers, DEFAULT_SEARCH_LIMIT } from './search';
import { changeMemberPin, checkMemberPin, resetMemberPin, setPinHash } from './pin';
import { eraseMember, exportMemberData } from './privacy';
import { listMembers } from './list';
import { pointsOnRegistration } from '../points/registration';
import { memberForViewer, summariesForViewer } from './contact-mask';
import { revealContact } from './reveal-contact';
import type { MemberDto } from '../../../shared/contract/members';
import { recordProvisionalMember, requireNotProvisional } from './provisional';
import { provisionalAllowed } from '../sync/provisional-merge';

/** The member as the renderer sees it, read back after each change (masked for a cashier). */
function dto(ctx: ReadContext<'memberNotFound'>, memberId: string): MemberDto {
  return memberForViewer(ctx, toMemberDto(loadMember(ctx, memberId), countryOf(ctx)));
}

export const membersHandlers: AreaHandlers<'members'> = {
  // With an operation id the dispatcher replays the first registration on a retry
  // (a lost reply, a crash before the reply) instead of answering `duplicate`.
  'members:register': (ctx, input) => {
    const { opId, referrerCard, ...fields } = input;
    const registered = registerMember(ctx, fields);
    // Welcome points and a referral (issue 11 item 6) belong to the points area.
    pointsOnRegistration(ctx, registered.id, { opId, referrerCard });
    return memberForViewer(ctx, toMemberDto(findMember(ctx.db, registered.id)!, countryOf(ctx)));
  },

  'members:get': (ctx, input) => dto(ctx, input.memberId),

  'members:update': (ctx, input) => {
    const { memberId, ...fields } = input;
    requireNotProvisional(ctx, memberId);
    const changed = updateMember(ctx, memberId, fields);
    return noted(dto(ctx, memberId), { fields: changed });
  },

  'members:deactivate': (ctx, input) => {
    requireNotProvisional(ctx, input.memberId); // merged or waiting: sync decides, not the counter
    const changed = setMemberActive(ctx, input.memberId, false);
    return noted(dto(ctx, input.memberId), { changed });
  },

  'members:reactivate': (ctx, input) => {
    requireNotProvisional(ctx, input.memberId); // merged or waiting: sync decides, not the counter
    const changed = setMemberActive(ctx, input.memberId, true);
    return noted(dto(ctx, input.memberId), { changed });
  },

  'members:search': (ctx, input) => {
    const found = searchMembers(ctx.db, input.query, countryOf(ctx), input.limit ?? DEFAULT_SEARCH_LIMIT);
    return { ...found, results: summariesForViewer(ctx, found.results) };
  },

  'members:lookupCard': (ctx, input) => {
    const row = ctx.db
      .prepare('SELECT * FROM members WHERE card_number = ? AND erased_at IS NULL')
      .get(input.cardNumber) as MemberRow | undefined;
    if (!row) throw ctx.refuse('cardNotFound', { field: 'cardNumber' });
    return memberForViewer(ctx, toMemberDto(row, countryOf(ctx)));
  },

  // Chain mode only, after head office could not be asked (the counter's sync:lookup).
  'members:recordProvisional': (ctx, input) => {
    if (!provisionalAllowed(ctx.db)) throw ctx.refuse('provisionalNotInChain');
    const memberId = recordProvisionalMember(ctx, input.cardNumber, ctx.now(), ctx.actor?.staffId ?? null);
    return memberForViewer(ctx, toMemberDto(findMember(ctx.db, memberId)!, countryOf(ctx)));
  },

  'members:revealContact': (ctx, input) => revealContact(ctx, input.memberId),

  'members:setPin': (ctx, input) => {
    const row = loadLiveMember(ctx, input.memberId);
    requireNotProvisional(ctx, row.id);
    if (row.pin_hash !== null) throw ctx.refuse('pinAlreadySet', { field: 'pin' });
    setPinHash(ctx, row.id, input.pin);
    return dto(ctx, row.id);
  },

  'members:changePin': (ctx, input) => {
    requireNotProvisional(ctx, input.memberId);
    changeMemberPin(ctx, input.memberId, input.oldPin, input.newPin);
    return dto(ctx, input.memberId);
  },

  'members:resetPin': (ctx, input) => {
    const { memberId, newPin, ...claim } = input;
    requireNotProvisional(ctx, memberId);
    resetMemberPin(ctx, memberId, claim, newPin);
    return dto(ctx, memberId);
  },

  'members:verifyPin': (ctx, input) => {
    checkMemberPin(ctx, input.memberId, input.pin);
    return { verified: true as const };
  },

  'members:exportData': (ctx, input) => exportMemberData(ctx, input.memberId),

  'members:erase': (ctx, input) => {
    eraseMember(ctx, input.memberId, input.reason);
    return dto(ctx, input.memberId);
  },

  'members:list': (ctx, input) =>
    listMembers(
      ctx,
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

export const membersArea = defineArea({
  name: 'members',
  handlers: membersHandlers,
  // Daily: the kept member counts (migration 016) equal a count of the table.
  dailyChecks: [{ name: 'members-counts', readOnly: true, run: (db) => checkMemberCounts(db) }],
});
