import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids (UUIDv7), as on the terminals. */
export const newId = (): string => uuidv7();
