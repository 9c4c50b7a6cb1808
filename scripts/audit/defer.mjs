// A real client's @defer: Apollo Client 4 (the incremental handler of the 2022-08-24 defer
// proposal, which gqlgen speaks) asks URL for a deferred query and prints every result it
// delivers, one JSON line each, as an application would see them. See TestDeferWithApolloClient.
//
//   node scripts/audit/defer.mjs http://127.0.0.1:8080/graphql
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { Defer20220824Handler } from "@apollo/client/incremental";

const client = new ApolloClient({
  link: new HttpLink({ uri: process.argv[2] }),
  cache: new InMemoryCache(),
  incrementalHandler: new Defer20220824Handler(),
});

const query = gql`
  query KenyaTreaties {
    country(iso3: "KEN") {
      iso3
      name
      ... @defer(label: "treaties") {
        instruments { status instrument { key } }
      }
    }
  }
`;

client.watchQuery({ query, fetchPolicy: "network-only" }).subscribe({
  next(result) {
    console.log(JSON.stringify({ loading: result.loading, dataState: result.dataState, data: result.data ?? null }));
    if (!result.loading) process.exit(0);
  },
  error(err) {
    console.error(String(err));
    process.exit(1);
  },
});
setTimeout(() => { console.error("still loading after 20 s"); process.exit(1); }, 20000).unref();
