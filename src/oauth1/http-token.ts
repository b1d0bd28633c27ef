/**
 * RFC 9110 §5.6.2 `token`: the characters of an HTTP method and of an auth-param name.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.2
 */

/** 1 for each `tchar`. */
const tokenChars = new Uint8Array(128);
for (const char of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
  tokenChars[char.charCodeAt(0)] = 1;
}

/** Whether a UTF-16 code unit is an RFC 9110 `tchar`. */
export function isTokenChar(code: number): boolean {
  return code < 128 && tokenChars[code] === 1;
}

/** Whether a string is a non-empty RFC 9110 `token`. */
export function isToken(value: string): boolean {
  if (value === '') return false;
  for (let index = 0; index < value.length; index += 1) {
    if (!isTokenChar(value.charCodeAt(index))) return false;
  }
  return true;
}
