/**
 * Passwords refused outright: the most common leaked passwords of 8+ characters
 * (shorter ones are refused by length anyway), plus patterns a counter would pick.
 */
const LIST = `password password1 password123 passw0rd 12345678 123456789 1234567890 11111111
00000000 88888888 66666666 12341234 87654321 qwertyuiop qwerty123 qwertyui 1qaz2wsx
iloveyou abc12345 abcd1234 a1b2c3d4 aa123456 letmein1 welcome1 welcome123 sunshine
princess football baseball superman trustno1 starwars whatever dragon12 monkey12
zaq12wsx q1w2e3r4 1q2w3e4r asdfghjk asdfasdf zxcvbnm1 admin123 administrator
changeme changeme1 default1 p@ssw0rd p@ssword passpass 123123123 147258369 woaini520
woaini1314 5201314520 wo123456 a123456789 qq123456 aaaaaaaa 11223344 123qweasd
qweasdzxc 1234qwer perkdesk perkdesk1 cashier1 manager1 owner123 loyalty1 store123`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 8) return 'Password must be at least 8 characters';
  if (password.length > 200) return 'Password is too long';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'Password is too common';
  if (/^(.)\1+$/.test(password)) return 'Password is too common';
  if (lower === username.toLowerCase() || (lower.includes(username.toLowerCase()) && username.length >= 4))
    return 'Password must not contain the user name';
  return null;
}
