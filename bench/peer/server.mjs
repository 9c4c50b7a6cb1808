// The benchmark peer: @neo4j/graphql 7 (what a Neo4j user would pick instead of MNR Graph) over the
// same Neo4j graph, served by Apollo Server 5. Type definitions map the graph's labels, snake_case
// properties (@alias) and relationships; what the library cannot derive from the graph ("the latest
// assessment on or before today", "shares income group and region", grouped counts, a multi-label
// full-text search) is written as @cypher fields, which is how the library's users do it.
//
// Env: NEO4J_URI (bolt://127.0.0.1:7689), NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, PORT (4000).
// Start: NODE_ENV=production node bench/peer/server.mjs   (POST http://127.0.0.1:4000/graphql)
import { Neo4jGraphQL } from "@neo4j/graphql";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import neo4j from "neo4j-driver";

// The status of a country for a capability is its latest assessment on or before today (UTC),
// ties broken by recorded_at: the same rule MNR Graph applies.
const latest = (country, cap) => `COLLECT { MATCH (${country})-[:ASSESSED]->(x:Assessment)-[:OF]->(${cap})
      WHERE x.as_of <= date() RETURN x ORDER BY x.as_of DESC, x.recorded_at DESC LIMIT 1 }`;

export const typeDefs = /* GraphQL */ `
  type Country @node {
    iso3: ID!
    iso2: String
    name: String! @alias(property: "name_en")
    nameFr: String @alias(property: "name_fr")
    region: String!
    survey: String
    incomeGroups: [IncomeGroup!]! @relationship(type: "IN_INCOME_GROUP", direction: OUT, properties: "IncomeMembership")
    instruments: [Instrument!]! @relationship(type: "PARTY_TO", direction: OUT, properties: "PartyTo")
    assessments: [Assessment!]! @relationship(type: "ASSESSED", direction: OUT)
    practices: [Practice!]! @relationship(type: "IN", direction: IN)
    "The latest assessment of each assessed capability on or before today, in capability order."
    currentAssessments: [Assessment!]!
      @cypher(
        statement: """
        MATCH (cap:Capability) WITH cap ORDER BY cap.number
        WITH head(${latest("this", "cap")}) AS a WHERE a IS NOT NULL
        RETURN a
        """
        columnName: "a"
      )
    "Keys of the capabilities whose current status is ABSENT (what MNR Graph's lacks filter reads)."
    lacks: [String!]!
      @cypher(
        statement: """
        MATCH (cap:Capability)
        WITH cap, head(${latest("this", "cap")}) AS a
        WHERE a.status = 'ABSENT'
        RETURN collect(cap.key) AS keys
        """
        columnName: "keys"
      )
    "Other countries in the same FY2022 income group and the same region."
    peers: [Country!]!
      @cypher(
        statement: """
        MATCH (p:Country) WHERE p <> this AND p.region = this.region AND p.income_report = this.income_report
        RETURN p ORDER BY p.name_en
        """
        columnName: "p"
      )
  }

  type IncomeMembership @relationshipProperties {
    fy: Int!
    from: Date
    to: Date
    sources: [String!]
  }

  type PartyTo @relationshipProperties {
    status: String
    signed: Date
    consented: Date
    sources: [String!]
    asRecorded: String @alias(property: "as_recorded")
  }

  type RestsOn @relationshipProperties {
    sources: [String!]
    locator: String
    note: String
  }

  type IncomeGroup @node {
    code: String!
    rank: Int
  }

  type Assessment @node {
    status: String!
    asOf: Date @alias(property: "as_of")
    provenance: String!
    note: String
    capability: [Capability!]! @relationship(type: "OF", direction: OUT)
    country: [Country!]! @relationship(type: "ASSESSED", direction: IN)
  }

  type Domain @node {
    key: ID!
    number: Int!
    name: String! @alias(property: "name_en")
    capabilities: [Capability!]! @relationship(type: "IN_DOMAIN", direction: IN)
  }

  type Capability @node {
    key: ID!
    number: Int!
    name: String! @alias(property: "name_en")
    summary: String @alias(property: "summary_en")
    domain: [Domain!]! @relationship(type: "IN_DOMAIN", direction: OUT)
    instruments: [Instrument!]! @relationship(type: "RESTS_ON", direction: OUT, properties: "RestsOn")
    findings: [Finding!]! @relationship(type: "ABOUT", direction: IN)
    challenges: [Challenge!]! @relationship(type: "AFFECTS", direction: IN)
    practices: [Practice!]! @relationship(type: "IMPLEMENTS", direction: IN)
  }

  type Instrument @node {
    key: ID!
    ord: Int
    shortName: String @alias(property: "short_name")
    name: String! @alias(property: "name_en")
    kind: String
    parties: [Country!]! @relationship(type: "PARTY_TO", direction: IN, properties: "PartyTo")
  }

  type Finding @node {
    key: ID!
    ord: Int
    statement: String! @alias(property: "statement_en")
  }

  type Challenge @node {
    key: ID!
    ord: Int
    summary: String! @alias(property: "summary_en")
  }

  type Practice @node {
    key: ID!
    ord: Int
    title: String! @alias(property: "title_en")
  }

  type CallToAction @node {
    number: Int!
    title: String! @alias(property: "title_en")
  }

  "One coverage cell: how many countries of one income group have each status for one capability."
  type CoverageCell {
    capabilityNumber: Int!
    capabilityKey: String!
    value: String!
    total: Int!
    inPlace: Int!
    partial: Int!
    absent: Int!
    notAssessed: Int!
  }

  "One full-text hit: what kind of node, its key and the index score."
  type SearchHit {
    score: Float!
    kind: String!
    key: String!
    name: String
  }

  type Query {
    "Coverage by FY2022 income group for every capability (the data behind MNR Graph's coverage(by: INCOME_GROUP))."
    coverageByIncomeGroup: [CoverageCell!]!
      @cypher(
        statement: """
        MATCH (cap:Capability)
        UNWIND ['HIGH', 'UPPER_MIDDLE', 'LOWER_MIDDLE', 'LOW'] AS value
        CALL (cap, value) {
          MATCH (c:Country)-[:IN_INCOME_GROUP {fy: 2022}]->(:IncomeGroup {code: value})
          WITH coalesce(head(${latest("c", "cap")}).status, 'NOT_ASSESSED') AS status
          RETURN count(*) AS total, count(CASE WHEN status = 'IN_PLACE' THEN 1 END) AS inPlace,
                 count(CASE WHEN status = 'PARTIAL' THEN 1 END) AS partial,
                 count(CASE WHEN status = 'ABSENT' THEN 1 END) AS absent,
                 count(CASE WHEN status = 'NOT_ASSESSED' THEN 1 END) AS notAssessed
        }
        RETURN {capabilityNumber: cap.number, capabilityKey: cap.key, value: value, total: total, inPlace: inPlace,
                partial: partial, absent: absent, notAssessed: notAssessed} AS cell
        ORDER BY cap.number, CASE value WHEN 'HIGH' THEN 0 WHEN 'UPPER_MIDDLE' THEN 1 WHEN 'LOWER_MIDDLE' THEN 2 ELSE 3 END
        """
        columnName: "cell"
      )
    "Full-text search over every kind: MNR Graph's queries over its two language indexes (a custom resolver: the query text is built in JavaScript)."
    search(text: String!, first: Int = 10): [SearchHit!]!
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI ?? "bolt://127.0.0.1:7689",
  neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD ?? ""),
  // The same pool size as MNR Graph's driver.
  { maxConnectionPoolSize: 50 },
);
const database = process.env.NEO4J_DATABASE ?? "neo4j";

// The Lucene queries MNR Graph sends for what a user typed (graph/cypher SearchQueries): words,
// every Lucene operator escaped, quoted phrases kept, the last word also a prefix, one typo from
// five letters and two from eight, names and codes weighing more.
const escapeLucene = (w) => w.replace(/[\\+\-!():^[\]"{}~*?|&/]/g, (c) => "\\" + c);
function luceneQuery(text) {
  const parts = [];
  const chunks = text.split('"');
  chunks.forEach((chunk, i) => {
    if (i % 2 === 1 && i < chunks.length - 1) {
      const words = chunk.split(/\s+/).filter(Boolean).map((w) => escapeLucene(w.toLowerCase()));
      if (words.length) parts.push('"' + words.join(" ") + '"^2');
      return;
    }
    const words = chunk.toLowerCase().split(/[\s,;()[\]{}"]+/).filter(Boolean);
    words.forEach((w, k) => {
      const e = escapeLucene(w);
      const alts = [e + "^3"];
      const last = i === chunks.length - 1 && k === words.length - 1;
      const plain = !/[\\+\-!():^[\]"{}~*?|&/'.]/.test(w);
      const n = [...w].length;
      if (last && plain && n >= 3) alts.push(e + "*");
      if (plain && n >= 8) alts.push(e + "~2");
      else if (plain && n >= 5) alts.push(e + "~1");
      parts.push("(" + alts.join(" OR ") + ")");
    });
  });
  return parts.length ? parts.join(" ") : '""';
}
function searchQueries(text) {
  const t = "(" + luceneQuery(text) + ")";
  const rest = "short_name:" + t + "^4 aliases:" + t + "^4 " + t;
  return { en: "name_en:" + t + "^3 title_en:" + t + "^2 " + rest, fr: "name_fr:" + t + "^3 title_fr:" + t + "^2 " + rest };
}
const resolvers = {
  Query: {
    search: async (_root, { text, first }) => {
      const { en, fr } = searchQueries(text);
      const { records } = await driver.executeQuery(
        `CALL () {
           CALL db.index.fulltext.queryNodes('mnr_search_en_v2', $en, {limit: $first}) YIELD node, score RETURN node, score
           UNION ALL
           CALL db.index.fulltext.queryNodes('mnr_search_fr_v2', $fr, {limit: $first}) YIELD node, score RETURN node, score }
         WITH node, max(score) AS score ORDER BY score DESC LIMIT $first
         RETURN {score: score, kind: labels(node)[0], key: coalesce(node.key, node.iso3, toString(node.number)),
                 name: coalesce(node.short_name, node.name_en, node.title_en)} AS hit ORDER BY score DESC`,
        { en, fr, first: neo4j.int(first) },
        { database, routing: neo4j.routing.READ },
      );
      return records.map((r) => r.get("hit"));
    },
  },
};
const neoSchema = new Neo4jGraphQL({ typeDefs, driver, resolvers });
const schema = await neoSchema.getSchema();
if (process.env.PRINT_SCHEMA) {
  const { printSchema } = await import("graphql");
  console.log(printSchema(schema));
  process.exit(0);
}
// Verifies Neo4j >= 5.23 and the APOC functions the library relies on.
await neoSchema.checkNeo4jCompat({ sessionConfig: { database } });

const port = Number(process.env.PORT ?? 4000);
const server = new ApolloServer({ schema, introspection: false });
const { url } = await startStandaloneServer(server, {
  listen: { port, host: "127.0.0.1" },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`peer (@neo4j/graphql on Apollo Server) ready at ${url}`);
