// Prettier's defaults (double quotes, semicolons, trailing commas) are this code's style already.
// The width is the one measured to rewrite the fewest files of the code as it was written: its
// lines run long (hundreds are over 160 columns), and narrower widths re-wrapped twice as many.
/** @type {import("prettier").Config} */
export default { printWidth: 190 };
