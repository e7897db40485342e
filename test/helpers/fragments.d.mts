/** The pieces of XCLIENT lines that the parsers care about (see fragments.mjs). */
export declare const LINE_FRAGMENTS: readonly string[];
