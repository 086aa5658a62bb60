import type { Migration } from '../migration';

/**
 * Version 26 (issue 12): member PINs travel with the member (shared/sync/pins.ts). The
 * capture triggers of 020 now also note the PIN, as head office receives it: a chain hash
 * ('pc1$') as it is, any hash of this terminal's own pepper as the mark 'px1$' ("has a PIN,
 * checkable only here"), none as NULL. They fire when that wire value changes, so
 * re-hashing one own-pepper hash as another (pin.ts's upgrade of 'pw1$') sends nothing.
 */
const on = `(SELECT capture FROM sync_state WHERE id = 1) = 1`;
const pinWire = (r: 'new' | 'old') =>
  `CASE WHEN ${r}.pin_hash IS NULL THEN NULL
     WHEN substr(${r}.pin_hash, 1, 4) = 'pc1$' OR ${r}.pin_hash = 'px1$' THEN ${r}.pin_hash ELSE 'px1$' END`;
const memberJson = (r: 'new' | 'old') =>
  `json_object('name', ${r}.name, 'phone', ${r}.phone, 'email', ${r}.email, 'birthday', ${r}.birthday,
     'marketingConsent', ${r}.marketing_consent, 'active', ${r}.active, 'erased', ${r}.erased_at IS NOT NULL,
     'pinHash', ${pinWire(r)})`;

export const m026ChainPins: Migration = {
  version: 26,
  name: '026-chain-pins',
  up(db) {
    db.exec(`
      DROP TRIGGER sync_capture_member_insert;
      DROP TRIGGER sync_capture_member_update;
      CREATE TRIGGER sync_capture_member_insert AFTER INSERT ON members WHEN ${on} AND new.provisional = 0
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('member.insert',
          json_object('id', new.id, 'cardNumber', new.card_number, 'new', ${memberJson('new')}));
      END;
      CREATE TRIGGER sync_capture_member_update
        AFTER UPDATE OF name, phone, email, birthday, marketing_consent, active, erased_at, pin_hash ON members
        WHEN ${on} AND new.provisional = 0 AND (old.name IS NOT new.name OR old.phone IS NOT new.phone
          OR old.email IS NOT new.email OR old.birthday IS NOT new.birthday
          OR old.marketing_consent IS NOT new.marketing_consent
          OR old.active IS NOT new.active OR old.erased_at IS NOT new.erased_at
          OR (${pinWire('old')}) IS NOT (${pinWire('new')}))
      BEGIN
        INSERT INTO sync_capture (what, row) VALUES ('member.update',
          json_object('id', new.id, 'cardNumber', new.card_number, 'old', ${memberJson('old')}, 'new', ${memberJson('new')}));
      END;
    `);
  },
};
