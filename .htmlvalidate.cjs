// html-validate's rules for the pages Keyfolio serves (keyfolio/tests/test_html_valid.py
// runs it over every page of the demo). A .cjs file rather than .json so that every rule
// switched off or loosened here can say why.
module.exports = {
  extends: ["html-validate:recommended"],
  rules: {
    // Pages come out of Django templates: template tags leave blank lines and trailing
    // spaces that no browser or reader sees.
    "no-trailing-whitespace": "off",
    // `<!DOCTYPE html>` in capitals is as valid as the lower-case form the rule prefers.
    "doctype-style": "off",
    // Widths computed from data (progress bars, columns) are style attributes; the
    // Content-Security-Policy allows them (style-src 'unsafe-inline').
    "no-inline-style": "off",
    // Bootstrap's progress bars are a styled `div role="progressbar"` with aria-value*;
    // a native <progress> cannot take the bar's colours in every browser.
    "prefer-native-element": ["error", { exclude: ["progressbar"] }],
    // Django renders a multiple choice as checkboxes that share the field's name.
    "form-dup-name": ["error", { shared: ["radio", "checkbox", "button", "reset", "submit"] }],
    // A list named for screen readers (the relationship ladder) is namable by ARIA.
    "aria-label-misuse": ["error", { allowAnyNamable: true }],
    // The revenue grid saves each cell when it changes (htmx), as a spreadsheet does;
    // without JavaScript a form of one text field submits on Enter. A submit button per
    // cell would only add tab stops.
    "wcag/h32": "off",
    // Phone links are kept on one line by the class rather than by entities in the text.
    "tel-non-breaking": ["error", { ignoreClasses: ["text-nowrap"] }],
    // htmx's hx-* attributes and Bootstrap's data-bs-* attributes are not checked by the
    // recommended rules (no rule asks for known attributes only), so nothing is needed
    // for them here.
  },
};
