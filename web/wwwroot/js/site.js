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

  // "Use my location" on the directory: only offered when the browser can do it, and only asks when clicked.
  var filters = document.getElementById('filters');
  if (filters && 'geolocation' in navigator) {
    var locate = document.createElement('button');
    locate.type = 'button';
    locate.className = 'secondary';
    locate.id = 'use-location';
    locate.textContent = 'Use my location';
    var near = document.getElementById('near');
    near.parentNode.appendChild(locate);
    locate.addEventListener('click', function () {
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        var params = new URLSearchParams(new FormData(filters));
        params.delete('near');
        params.set('lat', position.coords.latitude.toFixed(4));
        params.set('lon', position.coords.longitude.toFixed(4));
        window.location.assign('/clinics?' + params.toString());
      }, function () {
        locate.disabled = false;
        locate.textContent = 'Location not available: type a ZIP code';
      }, { maximumAge: 600000, timeout: 10000 });
    });
  }
})();
