// The explorer's frame, shared by its views (coverage.js, network.js, worldmap.js, timeline.js)
// and wired by main.js: the API (plain fetch POSTs to the endpoint, with the key the user typed),
// the enum labels, each view's state and its query with a link to GraphiQL, and small drawing
// helpers. Everything is published on window.mnrExplore, the page's one global.
//
// Each view's <section> carries data-drawn: "false" while it loads, "true" once drawn, "error"
// when it could not be (the message is shown in its place).
(function () {
  'use strict';

  var x = window.mnrExplore = {};
  var body = document.body;
  var endpoint = body.dataset.endpoint;
  var graphiqlURL = body.dataset.graphiql;
  x.worldURL = body.dataset.world;

  // apiKey is the key typed into the key field, sent as `Authorization: Bearer <key>`.
  x.apiKey = '';
  // labels[enum][value] is the API's label for an enum value (enumLabels).
  var labels = x.labels = {};

  x.STATUS_COLOURS = {
    IN_PLACE: '#1a9850', PARTIAL: '#fee08b', ABSENT: '#d73027',
    NOT_ASSESSED: '#d9d9d9', NOT_APPLICABLE: '#ffffff',
  };
  x.STATUSES = ['IN_PLACE', 'PARTIAL', 'ABSENT', 'NOT_ASSESSED', 'NOT_APPLICABLE'];
  // The statuses that make a country party to an instrument (a signature alone does not).
  x.PARTY = { RATIFIED: true, ACCEDED: true, SUCCEEDED: true };
  x.PARTY_COLOURS = { party: '#1a9850', notParty: '#f46d43', unknown: '#b3a2c7' };

  // ---- the API ---------------------------------------------------------------------------

  function gql(query, variables) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (x.apiKey) { headers.Authorization = 'Bearer ' + x.apiKey; }
    return fetch(endpoint, {
      method: 'POST', headers: headers,
      body: JSON.stringify({ query: query, variables: variables || {} }),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (j) {
        if (!res.ok && !j.data) {
          var msg = j.errors && j.errors.length ? j.errors[0].message : 'HTTP ' + res.status;
          throw new Error(msg);
        }
        return j;
      });
    });
  }

  // refusals lists the errors of an answer whose code is FORBIDDEN.
  function refusals(answer) {
    return (answer.errors || []).filter(function (e) {
      return e.extensions && e.extensions.code === 'FORBIDDEN';
    });
  }

  // failIfErrors throws the first error that is not a refusal: a view draws what it got only
  // when the rest of the answer is whole.
  function failIfErrors(answer) {
    var other = (answer.errors || []).filter(function (e) {
      return !(e.extensions && e.extensions.code === 'FORBIDDEN');
    });
    if (other.length) { throw new Error(other[0].message); }
    return answer;
  }

  function label(enumName, value) {
    if (value === null || value === undefined) { return '—'; }
    var l = labels[enumName] && labels[enumName][value];
    return l || value;
  }

  // ---- the page's frame: each view's query, its GraphiQL link, its state ------------------

  function section(id) { return document.getElementById(id); }

  function chart(id) { return section(id).querySelector(':scope > .chart'); }

  // latest[id] numbers a view's latest drawing; an answer to an earlier one (the user changed a
  // control or the key meanwhile) is dropped, so a slow answer never overwrites a newer picture.
  var latest = {};

  // next starts a new drawing of id and returns a check that says whether it is still the latest.
  function next(id) {
    latest[id] = (latest[id] || 0) + 1;
    return current(id);
  }

  function begin(id) {
    next(id);
    var s = section(id);
    s.dataset.drawn = 'false';
    var c = chart(id);
    c.textContent = 'Loading…';
    return c;
  }

  // current returns a check that says whether the drawing of id begun last is still the latest.
  function current(id) {
    var n = latest[id];
    return function () { return latest[id] === n; };
  }

  // Stale is thrown to abandon the drawing of an answer that a newer drawing superseded.
  function Stale() {}

  function fresh(isCurrent) {
    return function (answer) {
      if (!isCurrent()) { throw new Stale(); }
      return answer;
    };
  }

  function done(id) { section(id).dataset.drawn = 'true'; }

  function fail(id, err) {
    if (err instanceof Stale) { return; }
    var c = chart(id);
    c.textContent = '';
    var p = el('p', 'error', 'Could not draw this view: ' + err.message);
    c.appendChild(p);
    section(id).dataset.drawn = 'error';
  }

  // showQuery writes the query and variables a view ran, and a link that opens them in GraphiQL.
  function showQuery(id, query, variables) {
    var d = section(id).querySelector(':scope > details.query');
    d.textContent = '';
    d.appendChild(el('summary', null, 'GraphQL query behind this view'));
    d.appendChild(el('pre', null, query));
    var vars = variables && Object.keys(variables).length ? JSON.stringify(variables, null, 2) : '';
    if (vars) {
      d.appendChild(el('p', null, 'Variables:'));
      d.appendChild(el('pre', null, vars));
    }
    var params = new URLSearchParams();
    params.set('query', query);
    if (vars) { params.set('variables', vars); }
    var a = el('a', 'graphiql-link', 'Open in GraphiQL');
    a.href = graphiqlURL + '?' + params.toString();
    a.target = '_blank';
    a.rel = 'noopener';
    d.appendChild(a);
    if (x.apiKey) {
      d.appendChild(el('span', 'note', ' (GraphiQL does not get your key: put {"Authorization": "Bearer …"} in its Headers pane)'));
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function svg(container, width, height) {
    return d3.select(container).append('svg')
      .attr('viewBox', '0 0 ' + width + ' ' + height)
      .attr('width', width).attr('height', height);
  }

  // hatch defines the pattern hidden cells are filled with.
  function hatch(s, id) {
    var p = s.append('defs').append('pattern').attr('id', id)
      .attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6)
      .attr('patternTransform', 'rotate(45)');
    p.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#f4f4f4');
    p.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 6)
      .attr('stroke', '#999').attr('stroke-width', 2);
    return 'url(#' + id + ')';
  }

  function legend(container, items) {
    var ul = el('ul', 'legend');
    items.forEach(function (it) {
      var li = el('li');
      var sw = el('span', 'swatch' + (it.cls ? ' ' + it.cls : ''));
      if (it.colour) { sw.style.background = it.colour; }
      li.appendChild(sw);
      li.appendChild(document.createTextNode(it.text));
      ul.appendChild(li);
    });
    container.appendChild(ul);
  }

  function option(select, value, text, selected) {
    var o = el('option', null, text);
    o.value = value;
    if (selected) { o.selected = true; }
    select.appendChild(o);
  }

  x.gql = gql;
  x.refusals = refusals;
  x.failIfErrors = failIfErrors;
  x.label = label;
  x.begin = begin;
  x.current = current;
  x.next = next;
  x.fresh = fresh;
  x.Stale = Stale;
  x.done = done;
  x.fail = fail;
  x.showQuery = showQuery;
  x.el = el;
  x.svg = svg;
  x.hatch = hatch;
  x.legend = legend;
  x.option = option;
})();
