package com.cspmarket.catalog.offer.query;

import com.cspmarket.catalog.offer.api.OfferType;
import com.cspmarket.catalog.offer.api.PublisherKind;
import com.cspmarket.catalog.offer.query.CatalogViews.OfferSummary;
import com.cspmarket.catalog.offer.query.CatalogViews.Page;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The catalog's search index: the searchable columns of offer_view in Apache Lucene, in memory, one per instance,
 * so that a search costs a fraction of a millisecond of CPU instead of ~10 ms of PostgreSQL (bench/catalog-search).
 * <p>
 * offer_view stays the truth; the index follows it. Every write of a row records its transaction id in
 * offer_view_change (a trigger), and a reset of the projection moves offer_view_generation. Before a search the
 * index reads, in one statement (one snapshot), the rows whose transaction is not older than the oldest transaction
 * that was still running at its previous read, and that read's oldest running transaction; a row written by a
 * transaction the previous read could not see is always among them, so nothing committed is missed, and a search
 * sees every offer written before it started, as a query of offer_view would. Searches that arrive while a read is
 * on its way wait for it and share the next one. (A long transaction anywhere in the database holds that horizon
 * back: while it runs, each read takes again the offers written since it began.) Until it has been built from offer_view (in the background at
 * start-up), searches go to PostgreSQL ({@link OfferReadModel#searchInDatabase}).
 * <p>
 * Matching as PostgreSQL's text search of the projection matched: each keyword a prefix of a word (a run of letters
 * and digits, lower case) of the name, the publisher's name or a category, or the description; relevance weighs
 * those as the tsvector's weights A, B and C do (1, 0.4, 0.2 per keyword), ties by name.
 */
@Component
public class OfferIndex implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OfferIndex.class);

    private static final String ID = "id";
    private static final String KEY = "key";
    private static final String ID_SORT = "id_sort";
    private static final String NAME_KEY = "name_key";
    private static final String PUBLISHER_KEY = "publisher_key";
    private static final String PUBLISHED = "published";
    private static final String NAME_WORDS = "name_words";
    private static final String PUBLISHER_WORDS = "publisher_words";
    private static final String DESCRIPTION_WORDS = "description_words";
    private static final String WITHDRAWN = "withdrawn";
    private static final String TYPE = "type";
    private static final String KIND = "kind";
    private static final String CATEGORY = "category";
    private static final String COUNTRY = "country";

    private static final String ROWS = """
            SELECT g.generation, CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text), o.offer_id, o.name,
                   o.publisher_name, o.publisher_kind, o.offer_type, o.categories, o.offered_to_csp, o.countries,
                   o.withdrawn, o.published_at, o.description
            FROM offer_view_generation g LEFT JOIN\s""";
    private static final String ALL_ROWS = ROWS + "offer_view o ON true";
    private static final String CHANGED_ROWS = ROWS + """
            (offer_view_change c JOIN offer_view o ON o.offer_id = c.offer_id)
              ON c.changed_xid >= CAST(:horizon AS xid8)""";

    private final JdbcClient jdbc;
    private final java.nio.file.Path files;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Object reading = new Object();
    /**
     * What a search answers with, by offer: read from here, not from Lucene's stored fields, whose compressed blocks
     * cost 4-5 ms of CPU to open for a page of 50 (bench/catalog-search through HTTP). Written before the searcher
     * that matches the new rows is opened, so a search running while offers change may show an offer as it is a
     * moment after the match; a search that starts after the change sees both.
     */
    private final java.util.concurrent.ConcurrentHashMap<Long, OfferSummary> summaries =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Each offer's number in {@link #summaries}, kept in the index as a numeric doc value (cheap to read). */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> keys = new java.util.concurrent.ConcurrentHashMap<>();
    private long nextKey;
    private volatile boolean ready;
    private boolean closed;
    // guarded by reading
    private long generation = -1;
    private String horizon = "0";
    private long lastReadStarted = System.nanoTime();

    OfferIndex(JdbcClient jdbc) {
        this.jdbc = jdbc;
        try {
            // no analyzer is used: every word is indexed as a term of its own, split as OfferSearch splits keywords
            // kept in name order: a search by name stops at its page instead of sorting every match
            // memory-mapped files in a directory of its own (Lucene's ByteBuffersDirectory on the heap read its doc
            // values a good deal slower), deleted when the service stops
            this.files = java.nio.file.Files.createTempDirectory("offer-index-");
            this.writer = new IndexWriter(new org.apache.lucene.store.MMapDirectory(files), new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setIndexSort(new Sort(new SortField(NAME_KEY, SortField.Type.STRING),
                            new SortField(ID_SORT, SortField.Type.STRING))));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the index has been built and answers searches. */
    public boolean ready() {
        return ready;
    }

    @EventListener(ApplicationReadyEvent.class)
    void buildInBackground() {
        Thread builder = new Thread(() -> {
            try {
                build();
            } catch (RuntimeException e) {
                log.error("The offer search index could not be built; searches stay with PostgreSQL", e);
            }
        }, "offer-index-build");
        builder.setDaemon(true);
        builder.start();
    }

    /** Reads all of offer_view into the index; searches use it from then on. */
    public void build() {
        long start = System.nanoTime();
        int offers;
        synchronized (reading) {
            lastReadStarted = System.nanoTime();
            offers = read();
            ready = true;
        }
        log.info("Offer search index built: {} offers in {} ms", offers, (System.nanoTime() - start) / 1_000_000);
    }

    /** One page of the offers a search matches and their number, capped as the database's search caps it. */
    public Page<OfferSummary> search(OfferSearch search) {
        List<String> words = search.words(); // rejects keywords without letters or digits before anything else
        catchUp();
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Query query = query(search, words);
            long from = (long) search.page() * search.size();
            int maxDoc = searcher.getIndexReader().maxDoc();
            long count;
            List<Integer> docs = new ArrayList<>();
            if (search.effectiveSort() == OfferSearch.Sort.NAME) {
                count = inNameOrder(searcher, query, from, search.size(), docs);
            } else {
                count = inOtherOrder(searcher, query, search.effectiveSort(),
                        (int) Math.min(maxDoc, from + search.size()), from, docs);
            }
            List<OfferSummary> items = new ArrayList<>();
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            for (int doc : docs) {
                LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
                org.apache.lucene.index.NumericDocValues key = DocValues.getNumeric(leaf.reader(), KEY);
                if (key.advanceExact(doc - leaf.docBase)) {
                    OfferSummary summary = summaries.get(key.longValue());
                    if (summary != null) { // null only while a reset's new index replaces the one searched here
                        items.add(summary);
                    }
                }
            }
            return new Page<>(Math.min(count, OfferReadModel.COUNT_LIMIT), count > OfferReadModel.COUNT_LIMIT,
                    search.page(), search.size(), List.copyOf(items));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException e) {
                log.warn("Could not release an index searcher", e);
            }
        }
    }

    /**
     * The matches in name order, walked in the index's own order (each segment is sorted by name; the segments'
     * runs are merged): adds the page's documents to {@code page} and returns the number of matches, counted up to
     * COUNT_LIMIT + 1. A TopFieldCollector would keep from + size entries: 15 ms for page 100 of "SaaS in US".
     */
    private static long inNameOrder(IndexSearcher searcher, Query query, long from, int size, List<Integer> page)
            throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        long count = 0;
        for (LeafReaderContext leaf : leaves) { // counting needs no order
            Scorer scorer = weight.scorer(leaf);
            if (scorer != null) {
                DocIdSetIterator matches = scorer.iterator();
                org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
                for (int doc = matches.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS
                        && count <= OfferReadModel.COUNT_LIMIT; doc = matches.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        count++;
                    }
                }
            }
        }
        java.util.PriorityQueue<Run> runs = new java.util.PriorityQueue<>();
        for (LeafReaderContext leaf : leaves) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer != null) {
                Run run = new Run(leaf, scorer.iterator(), leaves.size() > 1);
                if (run.next()) {
                    runs.add(run);
                }
            }
        }
        for (long seen = 0; !runs.isEmpty() && seen < from + size; seen++) {
            Run run = runs.poll();
            if (seen >= from) {
                page.add(run.leaf.docBase + run.doc);
            }
            if (run.next()) {
                runs.add(run);
            }
        }
        return count;
    }

    /**
     * The matches in another order: each segment keeps its best {@code k} by what it can compare cheaply (the score,
     * ordinals of its sorted doc values, its document order, which is name order); the segments' lists are merged by
     * the values themselves, read only for those kept and only when there are several segments. (Lucene's
     * TopFieldCollector copies a sorted value out of its compressed terms for every competitive hit: a third of the
     * service's CPU under load.) Adds the page's documents to {@code page}; returns the number of matches.
     */
    private static long inOtherOrder(IndexSearcher searcher, Query query, OfferSearch.Sort sort, int k, long from,
                                     List<Integer> page) throws IOException {
        boolean scored = sort == OfferSearch.Sort.RELEVANCE;
        Weight weight = searcher.createWeight(searcher.rewrite(query),
                scored ? ScoreMode.COMPLETE : ScoreMode.COMPLETE_NO_SCORES, 1);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        java.util.Comparator<Hit> inSegment = switch (sort) {
            case RELEVANCE -> java.util.Comparator.<Hit>comparingDouble(h -> -h.score).thenComparingInt(h -> h.doc);
            case PUBLISHER -> java.util.Comparator.<Hit>comparingLong(h -> h.key).thenComparingInt(h -> h.doc);
            case NEWEST -> java.util.Comparator.<Hit>comparingLong(h -> -h.key).thenComparingLong(h -> h.idOrd);
            case NAME_DESC -> java.util.Comparator.<Hit>comparingInt(h -> -h.doc);
            case NAME -> java.util.Comparator.comparingInt(h -> h.doc);
        };
        long count = 0;
        List<List<Hit>> kept = new ArrayList<>();
        for (LeafReaderContext leaf : leaves) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null || k == 0) {
                continue;
            }
            SortedDocValues publishers = sort == OfferSearch.Sort.PUBLISHER
                    ? DocValues.getSorted(leaf.reader(), PUBLISHER_KEY) : null;
            org.apache.lucene.index.NumericDocValues published = sort == OfferSearch.Sort.NEWEST
                    ? DocValues.getNumeric(leaf.reader(), PUBLISHED) : null;
            SortedDocValues ids = sort == OfferSearch.Sort.NEWEST ? DocValues.getSorted(leaf.reader(), ID_SORT) : null;
            org.apache.lucene.util.Bits live = leaf.reader().getLiveDocs();
            java.util.PriorityQueue<Hit> best = new java.util.PriorityQueue<>(k, inSegment.reversed());
            DocIdSetIterator matches = scorer.iterator();
            for (int doc = matches.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = matches.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                count++;
                Hit hit = new Hit(leaf, doc);
                if (scored) {
                    hit.score = scorer.score();
                }
                if (publishers != null && publishers.advanceExact(doc)) {
                    hit.key = publishers.ordValue();
                }
                if (published != null && published.advanceExact(doc)) {
                    hit.key = published.longValue();
                }
                if (ids != null && ids.advanceExact(doc)) {
                    hit.idOrd = ids.ordValue();
                }
                if (best.size() < k) {
                    best.add(hit);
                } else if (inSegment.compare(hit, best.peek()) < 0) {
                    best.poll();
                    best.add(hit);
                }
            }
            if (!best.isEmpty()) {
                List<Hit> list = new ArrayList<>(best);
                list.sort(inSegment);
                kept.add(list);
            }
        }
        List<Hit> merged;
        if (kept.size() <= 1) {
            merged = kept.isEmpty() ? List.of() : kept.get(0);
        } else { // several segments: compare the values themselves
            merged = new ArrayList<>();
            for (List<Hit> list : kept) {
                List<Hit> byDoc = new ArrayList<>(list);
                byDoc.sort(java.util.Comparator.comparingInt(h -> h.doc));
                LeafReaderContext leaf = byDoc.get(0).leaf;
                SortedDocValues names = DocValues.getSorted(leaf.reader(), NAME_KEY);
                SortedDocValues publishers = DocValues.getSorted(leaf.reader(), PUBLISHER_KEY);
                SortedDocValues ids = DocValues.getSorted(leaf.reader(), ID_SORT);
                for (Hit hit : byDoc) {
                    hit.name = names.advanceExact(hit.doc) ? BytesRef.deepCopyOf(names.lookupOrd(names.ordValue())) : new BytesRef();
                    hit.publisher = publishers.advanceExact(hit.doc)
                            ? BytesRef.deepCopyOf(publishers.lookupOrd(publishers.ordValue())) : new BytesRef();
                    hit.id = ids.advanceExact(hit.doc) ? BytesRef.deepCopyOf(ids.lookupOrd(ids.ordValue())) : new BytesRef();
                }
                merged.addAll(list);
            }
            java.util.Comparator<Hit> byName = java.util.Comparator.<Hit, BytesRef>comparing(h -> h.name)
                    .thenComparing(h -> h.id);
            merged.sort(switch (sort) {
                case RELEVANCE -> java.util.Comparator.<Hit>comparingDouble(h -> -h.score).thenComparing(byName);
                case PUBLISHER -> java.util.Comparator.<Hit, BytesRef>comparing(h -> h.publisher).thenComparing(byName);
                case NEWEST -> java.util.Comparator.<Hit>comparingLong(h -> -h.key).thenComparing(h -> h.id);
                case NAME_DESC -> byName.reversed();
                case NAME -> byName;
            });
        }
        for (long i = from; i < Math.min(merged.size(), k); i++) {
            page.add(merged.get((int) i).leaf.docBase + merged.get((int) i).doc);
        }
        return count;
    }

    /** A match: its segment and document there, and what it is sorted by. */
    private static final class Hit {
        final LeafReaderContext leaf;
        final int doc;
        float score;
        long key;
        long idOrd;
        BytesRef name;
        BytesRef publisher;
        BytesRef id;

        Hit(LeafReaderContext leaf, int doc) {
            this.leaf = leaf;
            this.doc = doc;
        }
    }

    /** One segment's matches, in its (name) order: the current one, with its sort keys when runs are merged. */
    private static final class Run implements Comparable<Run> {
        final LeafReaderContext leaf;
        final DocIdSetIterator matches;
        final org.apache.lucene.util.Bits live;
        final SortedDocValues names;
        final SortedDocValues ids;
        int doc;
        BytesRef name;
        BytesRef id;

        Run(LeafReaderContext leaf, DocIdSetIterator matches, boolean merged) throws IOException {
            this.leaf = leaf;
            this.matches = matches;
            this.live = leaf.reader().getLiveDocs();
            this.names = merged ? DocValues.getSorted(leaf.reader(), NAME_KEY) : null;
            this.ids = merged ? DocValues.getSorted(leaf.reader(), ID_SORT) : null;
        }

        boolean next() throws IOException {
            do {
                doc = matches.nextDoc();
            } while (doc != DocIdSetIterator.NO_MORE_DOCS && live != null && !live.get(doc));
            if (doc == DocIdSetIterator.NO_MORE_DOCS) {
                return false;
            }
            if (names != null) {
                name = names.advanceExact(doc) ? BytesRef.deepCopyOf(names.lookupOrd(names.ordValue())) : new BytesRef();
                id = ids.advanceExact(doc) ? BytesRef.deepCopyOf(ids.lookupOrd(ids.ordValue())) : new BytesRef();
            }
            return true;
        }

        @Override
        public int compareTo(Run other) {
            if (names == null) {
                return 0; // a single run
            }
            int byName = name.compareTo(other.name);
            return byName != 0 ? byName : id.compareTo(other.id);
        }
    }

    /** Takes in every write of offer_view committed before this call; one read serves every search waiting for it. */
    private void catchUp() {
        long arrived = System.nanoTime();
        synchronized (reading) {
            if (lastReadStarted - arrived < 0) { // no read has started since this search arrived
                lastReadStarted = System.nanoTime();
                read();
            }
        }
    }

    /** Reads what changed since the last read (everything after a reset) into the index; the number of offers read. */
    private int read() {
        List<Row> rows = rows(generation < 0 ? null : horizon);
        if (rows.get(0).generation() != generation && generation >= 0) {
            rows = rows(null); // rows were deleted (a rebuild of the projection): start again from what is there
        }
        Row first = rows.get(0);
        try {
            if (first.generation() != generation) {
                writer.deleteAll();
            }
            int offers = 0;
            for (Row row : rows) {
                if (row.offer() != null) {
                    long key = keys.computeIfAbsent(row.offer().offerId(), id -> nextKey++);
                    summaries.put(key, row.offer());
                    writer.updateDocument(new Term(ID, row.offer().offerId()), document(row, key));
                    offers++;
                }
            }
            if (first.generation() != generation) {
                writer.forceMerge(1); // one segment after reading everything: one sorted run to walk
            }
            if (offers > 0 || first.generation() != generation) {
                searchers.maybeRefreshBlocking();
            }
            if (first.generation() != generation) { // what is no longer there, once no new search can find it
                java.util.Set<String> read = new java.util.HashSet<>();
                rows.forEach(row -> read.add(row.offer() == null ? null : row.offer().offerId()));
                keys.keySet().retainAll(read);
                summaries.keySet().retainAll(new java.util.HashSet<>(keys.values()));
            }
            generation = first.generation();
            horizon = first.horizon();
            return offers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Row> rows(String since) {
        return (since == null ? jdbc.sql(ALL_ROWS) : jdbc.sql(CHANGED_ROWS).param("horizon", since))
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3) == null ? null : summary(rs),
                        rs.getString(3) == null ? null : rs.getObject(12, OffsetDateTime.class),
                        rs.getString(13)))
                .list();
    }

    private static OfferSummary summary(ResultSet rs) throws SQLException {
        return new OfferSummary(rs.getString(3), rs.getString(4), rs.getString(5),
                PublisherKind.valueOf(rs.getString(6)), OfferType.valueOf(rs.getString(7)), strings(rs.getArray(8)),
                rs.getBoolean(9), strings(rs.getArray(10)), rs.getBoolean(11));
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private record Row(long generation, String horizon, OfferSummary offer, OffsetDateTime publishedAt,
                       String description) {
    }

    private static Document document(Row row, long key) {
        OfferSummary o = row.offer();
        Document doc = new Document();
        doc.add(new NumericDocValuesField(KEY, key));
        doc.add(new StringField(ID, o.offerId(), Field.Store.NO));
        doc.add(new SortedDocValuesField(ID_SORT, new BytesRef(o.offerId())));
        doc.add(new SortedDocValuesField(NAME_KEY, new BytesRef(o.name().toLowerCase(Locale.ROOT))));
        doc.add(new SortedDocValuesField(PUBLISHER_KEY, new BytesRef(o.publisherName().toLowerCase(Locale.ROOT))));
        doc.add(new NumericDocValuesField(PUBLISHED, ChronoUnit.MICROS.between(java.time.Instant.EPOCH,
                row.publishedAt().toInstant())));
        OfferSearch.words(o.name()).stream().distinct().forEach(w -> doc.add(new StringField(NAME_WORDS, w, Field.Store.NO)));
        List<String> publisherWords = new ArrayList<>(OfferSearch.words(o.publisherName()));
        o.categories().forEach(c -> publisherWords.addAll(OfferSearch.words(c)));
        publisherWords.stream().distinct().forEach(w -> doc.add(new StringField(PUBLISHER_WORDS, w, Field.Store.NO)));
        OfferSearch.words(row.description() == null ? "" : row.description()).stream().distinct()
                .forEach(w -> doc.add(new StringField(DESCRIPTION_WORDS, w, Field.Store.NO)));
        doc.add(new StringField(WITHDRAWN, Boolean.toString(o.withdrawn()), Field.Store.NO));
        doc.add(new StringField(TYPE, o.offerType().name(), Field.Store.NO));
        doc.add(new StringField(KIND, o.publisherKind().name(), Field.Store.NO));
        o.categories().forEach(c -> doc.add(new StringField(CATEGORY, c, Field.Store.NO)));
        o.countries().forEach(c -> doc.add(new StringField(COUNTRY, c, Field.Store.NO)));
        return doc;
    }

    private static Query query(OfferSearch search, List<String> words) {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String word : words) { // every keyword, in one of the fields, weighted as the tsvector weighs them
            query.add(new BooleanQuery.Builder()
                    .add(new BoostQuery(new PrefixQuery(new Term(NAME_WORDS, word)), 1.0f), Occur.SHOULD)
                    .add(new BoostQuery(new PrefixQuery(new Term(PUBLISHER_WORDS, word)), 0.4f), Occur.SHOULD)
                    .add(new BoostQuery(new PrefixQuery(new Term(DESCRIPTION_WORDS, word)), 0.2f), Occur.SHOULD)
                    .build(), Occur.MUST);
        }
        boolean filtered = !words.isEmpty();
        if (!search.includeWithdrawn()) {
            query.add(new TermQuery(new Term(WITHDRAWN, "false")), Occur.FILTER);
            filtered = true;
        }
        filtered |= filter(query, TYPE, search.offerType() == null ? null : search.offerType().name());
        filtered |= filter(query, KIND, search.publisherKind() == null ? null : search.publisherKind().name());
        filtered |= filter(query, CATEGORY, search.category());
        filtered |= filter(query, COUNTRY, search.country());
        return filtered ? query.build() : new MatchAllDocsQuery();
    }

    private static boolean filter(BooleanQuery.Builder query, String field, String value) {
        if (value == null) {
            return false;
        }
        query.add(new TermQuery(new Term(field, value)), Occur.FILTER);
        return true;
    }

    @Override
    @jakarta.annotation.PreDestroy
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            searchers.close();
            writer.close();
            try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(files)) {
                for (java.nio.file.Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(path);
                }
            }
        } catch (IOException e) {
            log.warn("Could not close the offer search index", e);
        }
    }
}
