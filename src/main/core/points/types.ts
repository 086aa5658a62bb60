import type { ParsedInputOf } from '../../../shared/contract';

export type ParsedAwardInput = ParsedInputOf<'points:award'>;
export type ParsedRefundInput = ParsedInputOf<'points:refund'>;
export type {
  AwardResultDto,
  RefundResultDto,
  LedgerEntryDto,
  PurchaseDto,
  PurchaseLineDto,
} from '../../../shared/contract/points';
