// Progressive enhancement only: every control here also works as plain HTML.
(function () {
  'use strict';

  // Quick exit: replace this history entry so Back does not return here, then leave.
  var exit = document.querySelector('[data-quick-exit]');
  if (exit) {
    var leave = function (event) {
      if (event) { event.preventDefault(); }
      document.body.style.visibility = 'hidden';
      document.title = '';
      window.location.replace(exit.href);
    };
    exit.addEventListener('click', leave);

    // Shift pressed three times within a second and a half, as GOV.UK's "Exit this page" does.
    var presses = [];
    document.addEventListener('keyup', function (event) {
      if (event.key !== 'Shift') { presses = []; return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 1500; });
      presses.push(now);
      if (presses.length >= 3) { presses = []; leave(); }
    });
  }

  // Print buttons only make sense with JavaScript; without it the browser's own print works the same.
  var printButtons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < printButtons.length; i++) {
    printButtons[i].hidden = false;
    printButtons[i].addEventListener('click', function () { window.print(); });
  }
})();
