/*
 * The language switch in the header links each page to its counterpart in the other language,
 * which opens at its top: a reader who switches half way down a long page, to read a passage in
 * the other language, would have to find it again, and the address's #fragment cannot carry the
 * place across, as a heading's id differs by language ("#sources", "#المصادر"). The two pages
 * have their sections in the same order (generated pages share one template; the hand-written
 * ones are written side by side), so the n-th heading of one is the n-th heading of the other.
 *
 * Following a switch link, this script notes the number of the section the reader is in: the
 * heading the address's #fragment names if it is on screen, else the last heading that has
 * passed under the header. It keeps that number in sessionStorage (this tab only), under the
 * path of the page the link opens, with the time. On that page, it takes the number back, at
 * once, so a later visit does not jump, and shows the heading of the same number where a link to
 * it would, with its own id in the address (history.replaceState: no new history entry), again
 * once fonts have arrived and the page has loaded, unless the reader has moved meanwhile. A
 * reader at the top of the page, or a counterpart with fewer headings, opens at the top as
 * before. Without the script, the switch opens the counterpart at its top.
 */
(function () {
  "use strict"
  const KEY = "briefing-language-place:"
  const FRESH = 120000 // ms: a note older than this is from a switch that never arrived

  function headings() {
    return [...document.querySelectorAll("article :is(h2, h3, h4, h5, h6)[id]")]
  }

  /* The header's lower edge (a heading less than 1.5rem below it has been passed: one shown on
     arrival is put 1rem below it, about where a link to it puts it) and the rem, in px. */
  function line() {
    const header = document.querySelector(".md-header")
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
    return { top: header ? Math.max(header.getBoundingClientRect().bottom, 0) : 0, rem }
  }

  function current() {
    const all = headings()
    const { top, rem } = line()
    let named = null
    try {
      named = document.getElementById(decodeURIComponent(location.hash.slice(1)))
    } catch (error) {
      // a fragment that is not valid percent-encoding names no heading
    }
    if (named && all.includes(named)) {
      const box = named.getBoundingClientRect()
      if (box.bottom > top && box.top < innerHeight) return all.indexOf(named)
    }
    let index = -1
    all.forEach((heading, i) => {
      if (heading.getBoundingClientRect().top < top + 1.5 * rem) index = i
    })
    return index
  }

  document.addEventListener("click", event => {
    const link = event.target instanceof Element &&
      event.target.closest("a.md-select__link[hreflang]")
    if (!link || link.hreflang === document.documentElement.lang) return
    // a new tab or window (a modified click) starts on its own; Enter on the link is a click
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return
    }
    try {
      const key = KEY + new URL(link.href).pathname
      const index = current()
      if (index < 0) sessionStorage.removeItem(key)
      else sessionStorage.setItem(key, JSON.stringify({ index, at: Date.now() }))
    } catch (error) {
      // no storage (a private window, a full quota): the counterpart opens at its top
    }
  })

  let note = null
  try {
    note = JSON.parse(sessionStorage.getItem(KEY + location.pathname))
    sessionStorage.removeItem(KEY + location.pathname)
  } catch (error) {
    return
  }
  if (!note || !(Date.now() - note.at < FRESH)) return
  const target = headings()[note.index]
  if (!target) return

  let moved = false
  for (const type of ["wheel", "touchstart", "keydown", "mousedown"]) {
    addEventListener(type, () => { moved = true }, { once: true, passive: true })
  }
  function show() {
    if (moved) return
    const { top, rem } = line()
    scrollTo(0, scrollY + target.getBoundingClientRect().top - top - rem)
  }
  show()
  history.replaceState(history.state, "", "#" + encodeURIComponent(target.id))
  if (document.fonts) document.fonts.ready.then(show)
  if (document.readyState !== "complete") addEventListener("load", show, { once: true })
})()
