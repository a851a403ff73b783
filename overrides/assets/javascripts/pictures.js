/*
 * The timeline is wider than a phone: its figure scrolls sideways (pictures.css). It is drawn
 * from the oldest year at the reading start (left in English, right in Arabic), so a box that
 * opened at its start would show the oldest, quietest years and hide the newest. This script
 * opens it at its reading end instead, and keeps it there while the box changes size (a phone
 * turned on its side, fonts arriving), until the reader scrolls it elsewhere. A figure that
 * fits is not touched. The areas × years matrix keeps its start: its rows are named there, and
 * a grid of counts with no names would say nothing; the actors network is not ordered in time.
 *
 * Opened at its newest years, the timeline's start, where its lanes are named, is off screen:
 * the names (the SVG group .lane-labels, on a card of the page's colour) follow the scroll so
 * that they stay at the reading start of the box, over the marks that pass under them, like the
 * frozen first column of a spreadsheet. Without this script they stay at the picture's start.
 *
 * Right to left, browsers count scrollLeft from 0 at the right edge down to negative numbers;
 * setting it past either end stops at that end, in both directions. Either way the content moves
 * by -scrollLeft, so the names move by +scrollLeft, in the picture's user units.
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

  /* The lanes' names at the box's reading start, wherever the picture is scrolled. */
  function follow(figure) {
    const svg = figure.querySelector(":scope > svg")
    const names = svg && svg.querySelector(".lane-labels")
    if (!names) return
    const drawn = svg.getBoundingClientRect().width
    const scale = drawn > 0 ? svg.viewBox.baseVal.width / drawn : 1
    const shift = figure.scrollLeft * scale
    if (Math.abs(shift) < 0.05) names.removeAttribute("transform")
    else names.setAttribute("transform", `translate(${shift.toFixed(1)} 0)`)
  }

  for (const figure of figures) {
    let pinned = true // at the newest end, where it opened: stays there as the box resizes
    toEnd(figure)
    follow(figure)
    figure.addEventListener("scroll", () => {
      pinned = atEnd(figure)
      follow(figure)
    }, { passive: true })
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => {
        if (pinned) toEnd(figure)
        follow(figure)
      }).observe(figure)
    }
    window.addEventListener("afterprint", () => {
      if (pinned) toEnd(figure)
      follow(figure)
    })
  }
})()
