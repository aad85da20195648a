/**
 * Validation messages as a person reads them. The server's `fieldErrors` and
 * the client's own zod checks both speak zod's defaults ("Invalid email
 * address", "Too small: expected string to have >=8 characters"); these become
 * sentences ("Enter an e-mail address like name@company.com."). A message that
 * is already a sentence (a schema's own, written for people) is kept.
 */

const RULES: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^Invalid (email|e-mail)( address)?$/i, () => "Enter an e-mail address like name@company.com."],
  [/^Invalid (UUID|GUID)$/i, () => "Choose an item from the list."],
  [/^Invalid (URL|url)$/, () => "Enter a full address starting with https://."],
  [/^Too small: expected string to have >=?(\d+) characters?$/, (m) => (m[1] === "1" ? "This field is required." : `Use at least ${m[1]} characters.`)],
  [/^Too big: expected string to have <=?(\d+) characters?$/, (m) => `Use at most ${m[1]} characters.`],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, (m) => `Enter ${m[1]} or more.`],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, (m) => `Enter ${m[1]} or less.`],
  [/^Too small: expected array to have >=?(\d+) items?$/, (m) => (m[1] === "1" ? "Choose at least one." : `Choose at least ${m[1]}.`)],
  [/^Too big: expected array to have <=?(\d+) items?$/, (m) => `Choose at most ${m[1]}.`],
  [/^Invalid input: expected (string|number|boolean), received (undefined|null)$/, () => "This field is required."],
  [/^Invalid input: expected number, received (NaN|string)$/, () => "Enter a number."],
  [/^Invalid input: expected int, received number$/, () => "Enter a whole number."],
  [/^Invalid option: expected one of/, () => "Choose one of the options."],
  [/^Invalid (string|input)/, () => "Check this value."],
  [/^Required$/, () => "This field is required."],
];

/** One message as a sentence. */
export function humanFieldError(message: string): string {
  for (const [pattern, sentence] of RULES) {
    const match = message.match(pattern);
    if (match) return sentence(match);
  }
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** Several messages for one field, as one or more sentences, without repeats. */
export function humanFieldErrors(messages: readonly string[]): string {
  return [...new Set(messages.map(humanFieldError))].join(" ");
}
