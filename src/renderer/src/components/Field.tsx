/**
 * The shell's older names for the shared form primitives (components/form), kept so
 * pages that import them need no change: `Field` is `TextField`.
 */
export { TextField as Field, SelectField } from './form';
