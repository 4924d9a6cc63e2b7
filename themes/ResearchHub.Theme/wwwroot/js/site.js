// ResearchHub theme: small progressive enhancements. Every page works without this file; it only
// makes some things quicker. Loaded with `defer`, so the document is parsed when it runs.
(function () {
  'use strict';

  document.documentElement.classList.add('js-enabled');

  // After a failed submit, take keyboard and screen reader users straight to the list of problems.
  var summary = document.querySelector('[data-error-summary]');
  if (summary) {
    summary.focus();
  }

  // Focus the field itself when an error summary link is followed (the browser would only scroll).
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('.error-summary a[href^="#"]');
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    if (field) {
      event.preventDefault();
      field.scrollIntoView({ block: 'center' });
      field.focus({ preventScroll: true });
    }
  });

  // data-confirm="Question?" on a form, or on the button that submits it: ask before sending.
  // Without JavaScript the form simply submits; dangerous actions also have their own confirm page.
  document.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute('data-confirm')) || event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Small screens: fold the main menu behind its "Menu" button.
  var toggle = document.querySelector('.main-nav__toggle');
  var list = toggle && document.getElementById(toggle.getAttribute('aria-controls'));
  if (toggle && list) {
    toggle.addEventListener('click', function () {
      var open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      list.classList.toggle('main-nav__list--open', open);
    });
  }

  // data-refresh="SECONDS" on an element with an id (a background job's progress): fetch the page
  // again after that long and put the new version's content in the element, until the new version
  // no longer asks to be refreshed. Only that element changes, so focus and reading place stay put.
  // Without JavaScript the element offers its own "Check again" link.
  function refreshLater(element) {
    var seconds = parseInt(element.getAttribute('data-refresh'), 10);
    if (!(seconds > 0) || !element.id || !window.fetch || !window.DOMParser) {
      return;
    }
    window.setTimeout(function () {
      window.fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(new Error(String(response.status))); })
        .then(function (html) {
          var parsed = new DOMParser().parseFromString(html, 'text/html').getElementById(element.id);
          if (!parsed) {
            return;
          }
          // The element itself stays (a live region must exist before its content changes to be announced).
          element.replaceChildren.apply(element, Array.prototype.map.call(parsed.childNodes, function (node) { return document.importNode(node, true); }));
          if (parsed.hasAttribute('data-refresh')) {
            element.setAttribute('data-refresh', parsed.getAttribute('data-refresh'));
          } else {
            element.removeAttribute('data-refresh');
          }
          refreshLater(element);
        })
        .catch(function () { /* the "Check again" link still works */ });
    }, seconds * 1000);
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-refresh][id]'), refreshLater);

  // data-copy on an element (a token, a key, a feed address): add a "Copy" button after it. The
  // attribute's value is copied when it has one, otherwise the element's text.
  var status = null;
  function announce(text) {
    if (!status) {
      status = document.createElement('div');
      status.className = 'visually-hidden';
      status.setAttribute('role', 'status');
      document.body.appendChild(status);
    }
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http (not localhost): the Clipboard API is unavailable, fall back to a selection.
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'visually-hidden';
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand('copy');
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error('copy failed')); }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-copy]'), function (element) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button--secondary button--small copy-button';
    button.textContent = 'Copy';
    var label = element.getAttribute('data-copy-label');
    if (label) {
      button.setAttribute('aria-label', 'Copy ' + label);
    }
    button.addEventListener('click', function () {
      var text = element.getAttribute('data-copy') || element.textContent.trim();
      copyText(text).then(function () {
        button.textContent = 'Copied';
        announce('Copied to the clipboard');
        window.setTimeout(function () { button.textContent = 'Copy'; }, 3000);
      }, function () {
        announce('Could not copy: select the text and copy it yourself');
      });
    });
    element.insertAdjacentElement('afterend', button);
  });
})();
