/** The version of `@questboard/elements`, carried by every element class as `static version`. */
export const VERSION = '0.1.0';
