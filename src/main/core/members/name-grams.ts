/**
 * The 2-character pieces of a name that `member_name_grams` indexes, so that a
 * 2-character query (a trigram index returns nothing for it) is still one index seek:
 *
 * - CJK names: every adjacent pair of characters — "欧阳娜娜" → 欧阳, 阳娜, 娜娜 — so a
 *   2-character given name or surname is found anywhere in the name.
 * - Other words: their first two letters — "anna wu" → an, wu — word prefixes, which is
 *   what someone types; keeping all Latin pairs would cost ~10 rows per member.
 *
 * Input is the already-normalised `name_key`.
 */
const HAN = /\p{Script=Han}/u;

export function nameGrams(key: string): string[] {
  const grams = new Set<string>();
  for (const word of key.split(' ')) {
    const chars = Array.from(word);
    if (chars.length < 2) continue;
    if (chars.some((c) => HAN.test(c))) {
      for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
    } else {
      grams.add(chars[0] + chars[1]);
    }
  }
  return [...grams];
}
