// Renders GraphiQL for MNR Graph and wires the examples menu. Everything it loads comes from the
// same server (the page works with no internet access). The saved examples are fetched from
// data-examples; choosing one re-renders GraphiQL with a new React key and the example as its
// `query` prop, which makes GraphiQL open (or switch to) a tab holding that query. A `query`
// (and `variables`) in the page's URL opens the same way.
(function () {
  'use strict';

  var mount = document.getElementById('graphiql');
  var select = document.getElementById('examples');
  var endpoint = mount.dataset.endpoint;
  var url = /^[a-z][a-z0-9+.-]*:/i.test(endpoint) ? endpoint : location.origin + endpoint;
  var fetcher = GraphiQL.createFetcher({ url: url });
  var root = ReactDOM.createRoot(mount);

  // The headers the user typed, carried over when an example re-renders GraphiQL, so an
  // ANALYST key entered once stays in place while browsing examples.
  var headers;

  function render(key, query, variables) {
    root.render(React.createElement(GraphiQL, {
      key: key,
      fetcher: fetcher,
      query: query,
      variables: variables,
      headers: headers,
      isHeadersEditorEnabled: true,
      onEditHeaders: function (h) { headers = h; },
    }));
  }

  function addOptions(examples) {
    var byName = {};
    examples.forEach(function (ex) {
      byName[ex.name] = ex;
      var opt = document.createElement('option');
      opt.value = ex.name;
      opt.textContent = '[' + ex.role + '] ' + ex.title;
      opt.title = ex.about;
      select.appendChild(opt);
    });
    select.addEventListener('change', function () {
      var ex = byName[select.value];
      if (ex) {
        render(ex.name, ex.query);
      }
    });
  }

  // A link may carry the query to open, and its variables: /?query=...&variables=... (the
  // explorer page at /explore links each view's query this way).
  var params = new URLSearchParams(location.search);
  render('start', params.get('query') || undefined, params.get('variables') || undefined);
  fetch(mount.dataset.examples)
    .then(function (res) {
      if (!res.ok) { throw new Error('HTTP ' + res.status); }
      return res.json();
    })
    .then(addOptions)
    .catch(function (err) {
      select.disabled = true;
      select.options[0].textContent = 'Examples unavailable (' + err.message + ')';
    });
})();
