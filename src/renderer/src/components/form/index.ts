/** Shared form primitives: one way to label a control and tie its hint or error to it. */
export { TextField, type TextFieldProps } from './TextField';
export { SelectField, type SelectFieldProps } from './SelectField';
export { CheckField } from './CheckField';
export { Dialog } from './Dialog';
export { FieldNote } from './FieldNote';
export { describedBy, useFieldIds } from './use-field-ids';
export { focusFirstProblem } from './focus-first-problem';
