import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ean13, drawingSVG } from 'bwip-js/browser';
import { ErrorMessage } from '../../../components/Messages';
import { Dialog } from '../../../components/form';
import { useAppSettings } from '../../../stores/settings';
import type { MemberDto } from '../../../../../shared/contract/members';
import { cardBarcodeOptions } from '../card-barcode';

/**
 * Print preview of the member card slip: store, name, card number as an EAN-13 barcode
 * (bwip-js, drawn as SVG — the same options the zbarimg test decodes). Print calls the
 * shell's print service (Electron webContents.print); while the preview is open, print
 * CSS shows only the slip.
 */
export function CardPreview({ member, onClose }: { member: MemberDto; onClose(): void }) {
  const { t } = useTranslation('members');
  const storeName = useAppSettings((s) => s.settings?.storeName ?? s.status?.storeName ?? 'PerkDesk');
  const [error, setError] = useState('');
  const printRef = useRef<HTMLButtonElement>(null);
  const svg = useMemo(() => ean13(cardBarcodeOptions(member.cardNumber), drawingSVG()), [member.cardNumber]);
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

  useEffect(() => {
    document.body.classList.add('printing-member-card');
    return () => document.body.classList.remove('printing-member-card');
  }, []);

  const print = async () => {
    setError('');
    try {
      const r = await window.perkdesk.print();
      if (!r.ok) setError(t('card.printFailed'));
    } catch {
      setError(t('card.printFailed'));
    }
  };

  return (
    <Dialog title={t('card.previewTitle')} onClose={onClose} initialFocus={printRef}>
      <div className="member-card-slip" data-testid="member-card-slip">
        <p className="slip-store">{t('card.storeLine', { store: storeName })}</p>
        <p className="slip-name">{member.name}</p>
        <img
          className="slip-barcode"
          src={src}
          alt={t('card.barcodeAlt', { card: member.cardNumber })}
          data-card-number={member.cardNumber}
        />
        <p className="slip-number mono">{member.cardNumber}</p>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="actions">
        <button ref={printRef} type="button" className="primary" onClick={() => void print()}>
          {t('card.print')}
        </button>
        <button type="button" onClick={onClose}>
          {t('card.close')}
        </button>
      </div>
    </Dialog>
  );
}
