// Versus: small enhancements on top of pages that work without JavaScript.
// - the model pickers become ARIA comboboxes (arrows, Enter, Escape, mouse);
// - after htmx swaps a region, focus and a live message say what changed;
// - a comparison's peers, loaded when they come into view, and its host-by-host table,
//   loaded from its link, keep a keyboard visitor's place.
// No inline code and no eval, so a strict Content-Security-Policy holds.
(function () {
  "use strict";

  // Styles that only make sense with this script (room kept for content htmx loads).
  document.documentElement.classList.add("js");

  var announcer = function () { return document.getElementById("announcer"); };

  function announce(text) {
    var region = announcer();
    if (!region || !text) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function comboboxOf(element) {
    return element && element.closest ? element.closest('[role="combobox"]') : null;
  }

  function listOf(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }

  function options(list) {
    return Array.prototype.slice.call(
      list.querySelectorAll('[role="option"]:not([aria-disabled="true"])')
    );
  }

  function openList(input, list) {
    var hasOptions = list.querySelector('[role="option"]') !== null;
    list.hidden = !hasOptions;
    input.setAttribute("aria-expanded", hasOptions ? "true" : "false");
  }

  function closeList(input, list) {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    options(list).forEach(function (option) {
      option.setAttribute("aria-selected", "false");
      option.classList.remove("is-active");
    });
  }

  function activeIndex(input, list) {
    var id = input.getAttribute("aria-activedescendant");
    return options(list).findIndex(function (option) { return option.id === id; });
  }

  function activate(input, list, index) {
    var items = options(list);
    items.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
      option.classList.toggle("is-active", i === index);
    });
    if (items[index]) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    }
  }

  function choose(input, list, option) {
    input.value = option.dataset.name;
    input.dataset.slug = option.dataset.slug;
    input.dataset.name = option.dataset.name;
    closeList(input, list);
    var form = input.closest("form");
    var fields = Array.prototype.slice.call(form.querySelectorAll('[role="combobox"]'));
    var empty = fields.filter(function (field) { return !field.value.trim(); });
    if (empty.length) {
      empty[0].focus();
    } else if (window.htmx) {
      window.htmx.trigger(form, "picked");
    }
  }

  document.addEventListener("keydown", function (event) {
    var input = comboboxOf(event.target);
    if (!input) return;
    var list = listOf(input);
    var items = options(list);
    var index = activeIndex(input, list);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      openList(input, list);
      activate(input, list, Math.min(index + 1, items.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      activate(input, list, Math.max(index - 1, 0));
    } else if (event.key === "Enter" && !list.hidden && index >= 0) {
      event.preventDefault();
      choose(input, list, items[index]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      closeList(input, list);
    }
  });

  // mousedown, not click: the input keeps its focus until the choice is made.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest ? event.target.closest('[role="option"]') : null;
    if (!option || option.getAttribute("aria-disabled") === "true") return;
    var list = option.closest('[role="listbox"]');
    var input = document.querySelector('[aria-controls="' + list.id + '"]');
    if (!input) return;
    event.preventDefault();
    choose(input, list, option);
  });

  document.addEventListener("focusout", function (event) {
    var input = comboboxOf(event.target);
    if (input) closeList(input, listOf(input));
  });

  document.addEventListener("focusin", function (event) {
    var input = comboboxOf(event.target);
    if (input) input.select();
  });

  document.addEventListener("input", function (event) {
    var input = comboboxOf(event.target);
    if (input && input.value !== input.dataset.name) delete input.dataset.slug;
  });

  // Filter forms leave empty fields out, so shared URLs hold only what was chosen.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("[data-drop-empty]")) return;
    var parameters = event.detail.parameters;
    Object.keys(parameters).forEach(function (name) {
      if (parameters[name] === "") delete parameters[name];
    });
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("[data-picker]")) return;
    form.querySelectorAll('[role="combobox"]').forEach(function (input) {
      if (input.dataset.slug && input.value === input.dataset.name) {
        event.detail.parameters[input.name] = input.dataset.slug;
      }
    });
  });

  var swappedId = null;
  var hadFocus = false;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    swappedId = target ? target.id : null;
    hadFocus = Boolean(target && target.contains(document.activeElement));
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!swappedId) return;
    var region = document.getElementById(swappedId);
    swappedId = null;
    if (!region) return;
    if (region.getAttribute("role") === "listbox") {
      var input = document.querySelector('[aria-controls="' + region.id + '"]');
      if (input === document.activeElement) {
        // Suggestions can arrive after the visitor has already moved to an option:
        // keep it active when the new list still holds it.
        var previous = input.getAttribute("aria-activedescendant");
        openList(input, region);
        var kept = options(region).findIndex(function (option) { return option.id === previous; });
        if (previous && kept >= 0) {
          activate(input, region, kept);
        } else {
          input.removeAttribute("aria-activedescendant");
        }
      } else if (input) {
        closeList(input, region);
      }
      return;
    }
    if (region.id === "page") {
      var comparison = region.querySelector("#comparison");
      var heading = region.querySelector("h1");
      if (heading) heading.focus();
      if (comparison) announce(comparison.dataset.announce);
    } else if (region.id === "results") {
      var count = region.querySelector("#results-count");
      if (count) announce(count.textContent.trim());
    } else if (region.id === "peers" || region.id === "hosts") {
      // The section replaced the placeholder, link and all: a keyboard visitor on that
      // link keeps their place on the section's heading.
      var title = region.querySelector("h2");
      if (hadFocus && title) title.focus();
    } else if (region.id === "cost-calculator") {
      var total = region.querySelector(".calc-result");
      if (total) announce(total.textContent.replace(/\s+/g, " ").trim().slice(0, 300));
    }
  });
})();
