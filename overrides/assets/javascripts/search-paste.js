/*
 * The theme searches when a key is released in the search box (and when it gains focus). Text
 * that arrives without a key (pasted with the mouse, dictated, chosen from the browser's
 * suggestions) searched only at the reader's next key press. This script tells the theme, on
 * each such change of the box, as a key release would; the theme drops a query it has already
 * run, so a change typed on the keyboard is not searched twice.
 */
(function () {
  "use strict"
  const box = document.querySelector("input[data-md-component=search-query]")
  if (!box) return
  box.addEventListener("input", event => {
    if (event.isComposing) return // a word still being composed (an input method)
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  })
})()
