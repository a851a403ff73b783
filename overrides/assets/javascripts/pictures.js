/*
 * The timeline is wider than a phone: its figure scrolls sideways (pictures.css). It is drawn
 * from the oldest year at the reading start (left in English, right in Arabic), so a box that
 * opened at its start would show the oldest, quietest years and hide the newest. This script
 * opens it at its reading end instead, and keeps it there while the box changes size (a phone
 * turned on its side, fonts arriving), until the reader scrolls it elsewhere. A figure that
 * fits is not touched. The areas × years matrix keeps its start: its rows are named there, and
 * a grid of counts with no names would say nothing; the actors network is not ordered in time.
 *
 * Right to left, browsers count scrollLeft from 0 at the right edge down to negative numbers;
 * setting it past either end stops at that end, in both directions.
 */
(function () {
  "use strict"
  const figures = document.querySelectorAll(".md-typeset .briefing-picture-timeline")

  function overflows(figure) {
    return figure.scrollWidth - figure.clientWidth > 1
  }

  function atEnd(figure) {
    return figure.scrollWidth - figure.clientWidth - Math.abs(figure.scrollLeft) <= 1
  }

  function toEnd(figure) {
    if (!overflows(figure)) return
    const rtl = getComputedStyle(figure).direction === "rtl"
    figure.scrollLeft = rtl ? -figure.scrollWidth : figure.scrollWidth
  }

  for (const figure of figures) {
    let pinned = true // at the newest end, where it opened: stays there as the box resizes
    toEnd(figure)
    figure.addEventListener("scroll", () => { pinned = atEnd(figure) }, { passive: true })
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => { if (pinned) toEnd(figure) }).observe(figure)
    }
    window.addEventListener("afterprint", () => { if (pinned) toEnd(figure) })
  }
})()
