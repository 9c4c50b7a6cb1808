// The MNR Graph explorer: four pictures drawn from the public GraphQL API, as any frontend team
// would draw them (frame.js holds the API and the shared helpers; one file per view). This file
// reads the labels, the caller's role and the lists the controls offer, fills the controls, draws
// every view, and draws them again when the user types a key or changes a control.
(function (x) {
  'use strict';

  var gql = x.gql;
  var failIfErrors = x.failIfErrors;
  var labels = x.labels;
  var begin = x.begin;
  var fail = x.fail;
  var el = x.el;
  var option = x.option;
  var drawCoverage = x.drawCoverage;
  var drawStatusGrid = x.drawStatusGrid;
  var drawNetwork = x.drawNetwork;
  var fillKinds = x.fillKinds;
  var drawMap = x.drawMap;
  var drawTimeline = x.drawTimeline;

  var body = document.body;
  var instruments = [];
  var countries = [];

  // ---- start: labels, role, the lists the controls need -------------------------------------

  var LABELS_QUERY = 'query EnumLabels($enums: [String!]) {\n' +
    '  enumLabels(enums: $enums) { enum value label }\n' +
    '}';

  var START_QUERY = 'query ExplorerStart {\n' +
    '  meta { role dataVersion illustrative publication { number asOf threshold } }\n' +
    '  instruments { key shortName kind }\n' +
    '  countries(first: 100) { nodes { iso3 name } }\n' +
    '}';

  // loadLabels reads the labels the page shows for enum values; without them (the API did not
  // answer) it shows the values themselves.
  function loadLabels() {
    var enums = ['IncomeGroup', 'Region', 'Population', 'CapabilityStatus', 'PartyStatus', 'Facet'];
    return gql(LABELS_QUERY, { enums: enums }).then(failIfErrors).then(function (l) {
      l.data.enumLabels.forEach(function (e) {
        (labels[e.enum] = labels[e.enum] || {})[e.value] = e.label;
      });
    });
  }

  function loadStart() {
    return gql(START_QUERY).then(failIfErrors).then(function (a) {
      var m = a.data.meta;
      document.getElementById('role').textContent = 'Role: ' + m.role;
      body.dataset.role = m.role;
      var about = 'Data release ' + m.dataVersion + '. ';
      if (m.illustrative) {
        about += 'Illustrative (synthetic) assessments are loaded: coverage counts and statuses are no country\'s real results. ';
      }
      about += m.role === 'PUBLIC'
        ? (m.publication ? 'PUBLIC coverage comes from publication ' + m.publication.number + ' (as of ' + m.publication.asOf + ', small-cell threshold ' + m.publication.threshold + ').' : 'Nothing is published yet.')
        : 'As ' + m.role + ' you read live data.';
      document.getElementById('about').textContent = about;
      instruments = a.data.instruments;
      countries = a.data.countries.nodes;
      fillControls();
    });
  }

  // joinable are the instruments states become party to: the ones with participation records.
  function joinable() {
    return instruments.filter(function (i) { return i.kind === 'TREATY' || i.kind === 'OPTIONAL_PROTOCOL'; });
  }

  function fillControls() {
    fillKinds();
    Array.prototype.forEach.call(document.getElementById('coverage-facet').options, function (o) {
      if (o.value && labels.Facet && labels.Facet[o.value]) { o.textContent = labels.Facet[o.value]; }
    });
    var from = document.getElementById('network-from');
    if (!from.options.length) {
      var gi = el('optgroup'); gi.label = 'Instruments';
      instruments.forEach(function (i) { option(gi, 'Instrument:' + i.key, i.shortName, i.key === 'lanzarote'); });
      var gc = el('optgroup'); gc.label = 'Countries';
      countries.forEach(function (c) { option(gc, 'Country:' + c.iso3, c.name); });
      from.appendChild(gi); from.appendChild(gc);
    }
    var colour = document.getElementById('map-colour');
    if (colour.options.length === 1) {
      joinable().forEach(function (i) { option(colour, 'party:' + i.key, 'Party to ' + i.shortName); });
    }
    var tl = document.getElementById('timeline-instrument');
    if (!tl.options.length) {
      joinable().forEach(function (i) { option(tl, i.key, i.shortName, i.key === 'budapest'); });
    }
  }

  // ---- wiring ------------------------------------------------------------------------------

  function drawAll() {
    return Promise.all([drawCoverage(), drawStatusGrid(), drawNetwork(), drawMap(), drawTimeline()]);
  }

  function start() {
    ['coverage', 'network', 'worldmap', 'timeline'].forEach(begin);
    document.getElementById('status-grid').dataset.drawn = 'false';
    return loadStart().then(drawAll).catch(function (err) {
      document.getElementById('about').textContent = 'The API did not answer: ' + err.message;
      ['coverage', 'network', 'worldmap', 'timeline'].forEach(function (id) { fail(id, err); });
    });
  }

  document.getElementById('coverage-facet').addEventListener('change', drawCoverage);
  document.getElementById('network-from').addEventListener('change', drawNetwork);
  document.getElementById('network-depth').addEventListener('change', drawNetwork);
  document.getElementById('map-colour').addEventListener('change', drawMap);
  document.getElementById('timeline-instrument').addEventListener('change', drawTimeline);
  document.getElementById('key-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    x.apiKey = document.getElementById('key').value.trim();
    start();
  });

  loadLabels().catch(function () { /* the page shows the enum values themselves */ }).then(start);
})(window.mnrExplore);
