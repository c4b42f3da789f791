package com.cspmarket.kit;

import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What every service gets by depending on service-kit: the business clock, Axon's JDBC schema names, handler
 * errors that stop and retry instead of skipping, the Kafka publisher, the consumer inbox, problem+json errors.
 */
@AutoConfiguration(beforeName = {"org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration"})
@Import({ProblemHandler.class, ProblemErrorController.class, ClockController.class, ProjectionAdminController.class, AuditController.class, PlatformSecurity.class, Inbox.class,
        KafkaConsumerConfig.class, BusinessClockStore.class, KitScheduling.class})
public class KitAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MovableClock businessClock() {
        MovableClock clock = new MovableClock(Clock.systemUTC());
        // Axon stamps events with this clock, so event timestamps are business time; to the millisecond, as the
        // event store keeps them, so that a handler sees the same timestamp live (subscribing processors get the
        // message before it is stored) as on a replay from the store.
        GenericEventMessage.clock = Clock.tick(clock, Duration.ofMillis(1));
        return clock;
    }

    /**
     * A failing event handler must stop its processor and retry, never skip the event: projections and the
     * Kafka publisher would otherwise silently lose facts.
     */
    @Autowired
    void propagateHandlerErrors(EventProcessingConfigurer processing) {
        processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }

    /**
     * The service's pooled streaming processors ({@code platform.processing.mode=pooled}, the default) keep their time
     * by the system's clock, not the business clock Axon's default gives them ({@link #businessClock()}): their claim
     * checks and extensions and the release of segments are real intervals, and a test or demo that moves the business
     * clock by months would otherwise stop them claiming or extending. A segment with nothing to handle stores the
     * position it has read past (or extends its claim) every {@code platform.processing.idle-token-interval} (1 s;
     * Axon's default is 5 s), as a tracking processor's idle thread does about once a second: the operator's status
     * and the schedulers that wait for a projection to catch up ({@link Projections#awaitCaughtUp}) read positions
     * from the token store.
     */
    @Autowired
    void pooledProcessorsOnTheSystemClock(EventProcessingConfigurer processing,
                                          org.springframework.core.env.Environment environment) {
        Duration idle = environment.getProperty("platform.processing.idle-token-interval", Duration.class,
                Duration.ofSeconds(1));
        processing.registerPooledStreamingEventProcessorConfiguration((configuration, builder) -> builder
                .clock(Clock.systemUTC())
                .claimExtensionThreshold(idle.toMillis()));
    }

    /**
     * A tracking processor ({@code platform.processing.mode=tracking}) holds one segment per thread: with fewer threads
     * ({@code platform.processing.threads}) than segments, one instance alone leaves segments unprocessed.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void warnOfTrackingProcessorsShortOfThreads(org.springframework.boot.context.event.ApplicationReadyEvent ready) {
        org.axonframework.config.EventProcessingConfiguration processing =
                ready.getApplicationContext().getBean(org.axonframework.config.EventProcessingConfiguration.class);
        org.axonframework.eventhandling.tokenstore.TokenStore tokens =
                ready.getApplicationContext().getBean(org.axonframework.eventhandling.tokenstore.TokenStore.class);
        processing.eventProcessors().values().stream()
                .filter(org.axonframework.eventhandling.TrackingEventProcessor.class::isInstance)
                .map(org.axonframework.eventhandling.TrackingEventProcessor.class::cast)
                .forEach(processor -> {
                    int segments = tokens.fetchSegments(processor.getName()).length;
                    if (processor.maxCapacity() < segments) {
                        org.slf4j.LoggerFactory.getLogger(KitAutoConfiguration.class).warn(
                                "{} is a tracking processor with {} thread(s) for {} segments: alone, this instance "
                                        + "leaves {} segment(s) unprocessed; set platform.processing.threads to {}",
                                processor.getName(), processor.maxCapacity(), segments,
                                segments - processor.maxCapacity(), segments);
                    }
                });
    }

    /** The trace of a request carried through the event store ({@link Traces}). */
    @Bean
    Traces traces(ObjectProvider<io.micrometer.tracing.Tracer> tracer) {
        return new Traces(tracer.getIfAvailable(() -> io.micrometer.tracing.Tracer.NOOP));
    }

    /**
     * The kit's own housekeeping ticks (segment balancing, following the business clock) make no traces: they would
     * be most of the spans exported and say nothing; a service's scheduled work (a term's end, a month's close) does.
     */
    @Bean
    static io.micrometer.observation.ObservationPredicate untracedHousekeeping() {
        return (name, context) -> !(context instanceof org.springframework.scheduling.support.ScheduledTaskObservationContext task
                && task.getTargetClass().getPackageName().equals(KitAutoConfiguration.class.getPackageName()));
    }

    /**
     * Spans leave the service over OTLP only with {@code management.otlp.tracing.export.enabled=true} (off in the
     * platform's defaults). Boot decides by that property whether its OTLP exporter exists; in a context processed
     * ahead of time (Spring AOT, the packaged services) that was decided at build time, with export on, so this
     * predicate applies the property the service was started with.
     */
    @Bean
    io.micrometer.tracing.exporter.SpanExportingPredicate otlpExportSwitch(org.springframework.core.env.Environment environment) {
        boolean export = environment.getProperty("management.tracing.enabled", Boolean.class, true)
                && environment.getProperty("management.otlp.tracing.export.enabled", Boolean.class, true);
        return span -> export;
    }

    /** Every event processor handles an event in a span of the trace it was recorded in ({@link Traces}). */
    @Autowired
    void traceEventHandling(EventProcessingConfigurer processing, ObjectProvider<Traces> traces) {
        processing.registerDefaultHandlerInterceptor((configuration, processor) -> traces.getObject().handlerInterceptor(processor));
    }

    /**
     * Instants read and written without {@code java.time}'s formatter, the same text
     * ({@link com.cspmarket.events.IsoInstants}). Spring Boot adds every module bean to its ObjectMapper after
     * {@code JavaTimeModule}, so this module's serializer and deserializer are the ones found first.
     */
    @Bean
    com.fasterxml.jackson.databind.Module isoInstants() {
        return new com.cspmarket.events.IsoInstants();
    }

    /**
     * Axon's one serializer (the services configure Jackson for everything Axon stores: events, snapshots, tokens),
     * as {@code AxonAutoConfiguration} builds it, over a copy of Spring's ObjectMapper (its modules and settings) that
     * matches property names exactly. Order and subscription accept request bodies in any case
     * ({@code spring.jackson.mapper.accept-case-insensitive-properties}: Partner Center's .NET SDK sends PascalCase),
     * which would otherwise also read every stored event through Jackson's case-insensitive lookup, a lower-cased copy
     * of each name read; stored JSON is written by this mapper, so its names are exact. Messages and events use it too:
     * Axon's {@code messageSerializer} and {@code eventSerializer} fall back to the general one when all three are
     * {@code jackson}.
     */
    @Bean
    @org.springframework.context.annotation.Primary
    org.axonframework.serialization.Serializer serializer(com.fasterxml.jackson.databind.ObjectMapper mapper,
                                                          org.axonframework.serialization.RevisionResolver revisionResolver) {
        com.fasterxml.jackson.databind.ObjectMapper exact = mapper.copy();
        exact.setConfig(exact.getDeserializationConfig()
                .without(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES));
        return org.axonframework.serialization.json.JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new org.axonframework.serialization.ChainingConverter(KitAutoConfiguration.class.getClassLoader()))
                .objectMapper(exact)
                .build();
    }

    /** Snake-case table and column names, as created by Flyway (db/kit/V1__axon_event_store.sql). */
    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index").timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number").typeColumn("type")
                .payloadTypeColumn("payload_type").payloadRevisionColumn("payload_revision")
                .payloadColumn("payload").metaDataColumn("meta_data")
                .build();
    }

    /**
     * A duplicate key in the event store (an aggregate created twice, a sequence number taken by a concurrent
     * change) is PostgreSQL's SQLSTATE 23505; Axon's default resolver looks for a JDBC exception class the PostgreSQL
     * driver never throws, and would report it as a failed store (an {@code EventStoreException}) instead of a
     * {@code ConcurrencyException}, i.e. a 503 where a 409 is right.
     */
    @Bean
    org.axonframework.common.jdbc.PersistenceExceptionResolver persistenceExceptionResolver() {
        return new org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver("23505");
    }

    /**
     * Axon's JDBC token store as {@code JdbcAutoConfiguration} builds it, but owning claims under this instance's
     * {@link InstanceId}: the name the scheduler locks, connections and the operator's status use too.
     */
    @Bean
    org.axonframework.eventhandling.tokenstore.TokenStore tokenStore(
            org.axonframework.common.jdbc.ConnectionProvider connectionProvider,
            org.axonframework.serialization.Serializer serializer, TokenSchema tokenSchema,
            org.axonframework.springboot.TokenStoreProperties properties, InstanceId instance) {
        return org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore.builder()
                .connectionProvider(connectionProvider).schema(tokenSchema).serializer(serializer)
                .claimTimeout(properties.getClaimTimeout()).nodeId(instance.value())
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry").setProcessorNameColumn("processor_name").setSegmentColumn("segment")
                .setTokenColumn("token").setTokenTypeColumn("token_type").setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Axon's JDBC storage engine, as {@code JdbcAutoConfiguration} builds it (which backs off once an event bus is
     * defined, as {@link #eventStore} is): the stored events of the service, with its upcasters. It reads
     * {@code platform.events.batch-size} events per query (1,000; Axon's default is 100): a replay reads the store
     * in a tenth of the queries. The event store's tailing reads end in the transaction that found their events
     * ({@link TailReadingEventStorageEngine}; {@code platform.events.read-when-woken=false} restores Axon's tailing
     * reads), and an aggregate's load ends with a window shorter than the batch (always). It looks for snapshots
     * only with {@code platform.events.read-snapshots=true}: the services take none.
     */
    @Bean
    org.axonframework.eventsourcing.eventstore.EventStorageEngine eventStorageEngine(
            org.axonframework.serialization.Serializer defaultSerializer,
            org.axonframework.common.jdbc.PersistenceExceptionResolver persistenceExceptionResolver,
            @org.springframework.beans.factory.annotation.Qualifier("eventSerializer") org.axonframework.serialization.Serializer eventSerializer,
            org.axonframework.config.Configuration configuration,
            org.axonframework.common.jdbc.ConnectionProvider connectionProvider,
            org.axonframework.common.transaction.TransactionManager transactionManager, EventSchema eventSchema,
            @org.springframework.beans.factory.annotation.Value("${platform.events.batch-size:1000}") int batchSize,
            @org.springframework.beans.factory.annotation.Value("${platform.events.read-when-woken:true}") boolean readWhenWoken,
            @org.springframework.beans.factory.annotation.Value("${platform.events.read-snapshots:false}") boolean readSnapshots) {
        return new TailReadingEventStorageEngine(TailReadingEventStorageEngine.configuredBuilder()
                .batchSize(batchSize)
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema), transactionManager, readWhenWoken, readSnapshots);
    }

    /**
     * Axon's embedded event store (as {@code AxonAutoConfiguration} builds it), which can be woken by commits of other
     * instances ({@link WakeableEventStore}); its poll, {@code platform.events.fetch-delay}, is only the fallback.
     * Its producer reads the store when woken, at most once per {@code platform.events.read-spacing} (20 ms) under load;
     * {@code platform.events.read-when-woken=false} has it read at once for every wake and again after every read that
     * found events, as Axon's does ({@link FetchGate}). A tracking processor's stream waits for the next event 25 ms at
     * a time ({@code platform.events.sliced-waits=false}: Axon's waits, which a missed signal stretches to their
     * timeout); a pooled processor's coordinator is told after each of the producer's reads that found events instead
     * ({@link WakeableEventStore.Callbacks}).
     * It keeps the last {@code platform.events.cached-events} events it read (1,000; Axon's default is 10,000) for the
     * processors that follow the head; one further behind reads the store on its own until it is back. Ten thousand
     * events, each with its payload and token, lived long enough under load to be copied by every young collection and
     * then promoted: the collections' CPU per pause fell 3-4 times with a thousand (BENCHMARKS.md).
     */
    @Bean(name = "eventBus")
    @org.springframework.beans.factory.annotation.Qualifier("eventStore")
    WakeableEventStore eventStore(org.axonframework.eventsourcing.eventstore.EventStorageEngine storageEngine,
                                  org.axonframework.config.Configuration configuration,
                                  @org.springframework.beans.factory.annotation.Value("${platform.events.fetch-delay:PT0.5S}") Duration fetchDelay,
                                  @org.springframework.beans.factory.annotation.Value("${platform.events.read-spacing:PT0.02S}") Duration readSpacing,
                                  @org.springframework.beans.factory.annotation.Value("${platform.events.read-when-woken:true}") boolean readWhenWoken,
                                  @org.springframework.beans.factory.annotation.Value("${platform.events.sliced-waits:true}") boolean slicedWaits,
                                  @org.springframework.beans.factory.annotation.Value("${platform.events.cached-events:1000}") int cachedEvents) {
        return new WakeableEventStore(org.axonframework.eventsourcing.eventstore.EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .cachedEvents(cachedEvents)
                .messageMonitor(configuration.messageMonitor(org.axonframework.eventsourcing.eventstore.EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(org.axonframework.eventhandling.EventBusSpanFactory.class))
                .fetchDelay(fetchDelay.toMillis()), fetchDelay, readSpacing, readWhenWoken, slicedWaits);
    }

    /** Wakes the event store when any instance commits events ({@link EventStoreNotifications}). */
    @Bean
    EventStoreNotifications eventStoreNotifications(WakeableEventStore store,
                                                    org.springframework.boot.autoconfigure.jdbc.DataSourceProperties dataSource,
                                                    @org.springframework.beans.factory.annotation.Value("${platform.events.wake-interval:PT0.05S}") Duration wakeInterval,
                                                    @org.springframework.beans.factory.annotation.Value("${platform.events.notify:true}") boolean enabled,
                                                    org.springframework.core.env.Environment environment) {
        // switched by the property at run time (not a bean condition, which Spring AOT would decide at build time)
        return new EventStoreNotifications(store, dataSource.determineUrl(), dataSource.determineUsername(),
                dataSource.determinePassword(), wakeInterval, ApplicationName.instanceId(environment), enabled);
    }

    /**
     * The operator's and the movable clock's endpoints switched by their properties at run time
     * ({@link OptionalEndpoints}).
     */
    @Bean
    OptionalEndpoints optionalEndpoints(org.springframework.core.env.Environment environment) {
        return new OptionalEndpoints(environment);
    }

    /** The instance id as every connection's application_name ({@link ApplicationName}). */
    @Bean
    static ApplicationName applicationName(org.springframework.core.env.Environment environment) {
        return new ApplicationName(environment);
    }

    /** Every instance's view of the service's projections, from the token store ({@link Projections}). */
    @Bean
    Projections projections(javax.sql.DataSource dataSource, org.axonframework.serialization.Serializer serializer,
                            org.axonframework.eventsourcing.eventstore.EventStore events,
                            @org.springframework.beans.factory.annotation.Value("${axon.eventhandling.tokenstore.claim-timeout:PT10S}") Duration claimTimeout) {
        return new Projections(org.springframework.jdbc.core.simple.JdbcClient.create(dataSource), serializer, events,
                claimTimeout, Clock.systemUTC());
    }

    /** A projection's writes sent as JDBC batches when its transaction commits ({@link BatchedWrites}). */
    @Bean
    BatchedWrites batchedWrites(javax.sql.DataSource dataSource) {
        return new BatchedWrites(dataSource);
    }

    /** Shares the processors' segments among the live instances of the service ({@link SegmentBalancer}). */
    @Bean
    SegmentBalancer segmentBalancer(javax.sql.DataSource dataSource, org.axonframework.config.EventProcessingConfiguration processing,
                                    org.axonframework.eventhandling.tokenstore.TokenStore tokens, InstanceId instance,
                                    @org.springframework.beans.factory.annotation.Value("${platform.processing.release-for:PT5S}") Duration releaseFor) {
        return new SegmentBalancer(org.springframework.jdbc.core.simple.JdbcClient.create(dataSource), processing,
                tokens, instance.value(), releaseFor);
    }

    /** Axon's default lineage (correlationId = the causing message, traceId = the flow). */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /**
     * Events caused by an integration event keep its id ({@link Inbox#lineage}), events caused by an HTTP request
     * its request line ({@link RequestCorrelation}), for audit and provenance.
     */
    @Bean
    CorrelationDataProvider sourceEventIdProvider() {
        return new SimpleCorrelationDataProvider("sourceEventId", "request", "actor", "actorPartnerId", Traces.TRACEPARENT);
    }

    /** Requests Tomcat itself rejects are answered as problem+json too ({@link ProblemErrorReportValve}). */
    @Bean
    org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    /** The correlation id of every HTTP request ({@link RequestCorrelation}), first of all filters. */
    @Bean
    FilterRegistrationBean<RequestCorrelation> requestCorrelation() {
        FilterRegistrationBean<RequestCorrelation> registration = new FilterRegistrationBean<>(new RequestCorrelation());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Every answer says what time it is on the business clock ({@value #BUSINESS_TIME_HEADER}): the clock can be moved
     * in demos and tests, so a client counting down to a deadline (the refund window) counts from this, not its own.
     */
    @Bean
    FilterRegistrationBean<jakarta.servlet.Filter> businessTimeHeader(MovableClock clock) {
        FilterRegistrationBean<jakarta.servlet.Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            ((jakarta.servlet.http.HttpServletResponse) response).setHeader(BUSINESS_TIME_HEADER, clock.instant().toString());
            chain.doFilter(request, response);
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    public static final String BUSINESS_TIME_HEADER = "Platform-Business-Time";

    /**
     * Partner Center's {@code MS-RequestId}: a state-changing request sent again gets the first answer and changes
     * nothing ({@link IdempotentRequests}); after Spring Security, which tells whose request it is.
     */
    @Bean
    IdempotentRequests idempotentRequestFilter(
            javax.sql.DataSource dataSource, org.springframework.transaction.PlatformTransactionManager transactions,
            @org.springframework.beans.factory.annotation.Value("${platform.idempotency.retention:P30D}") Duration retention) {
        return new IdempotentRequests(org.springframework.jdbc.core.simple.JdbcClient.create(dataSource),
                new org.springframework.transaction.support.TransactionTemplate(transactions), Clock.systemUTC(), retention);
    }

    @Bean
    FilterRegistrationBean<IdempotentRequests> idempotentRequests(IdempotentRequests filter) {
        FilterRegistrationBean<IdempotentRequests> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(org.springframework.boot.autoconfigure.security.SecurityProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }

    /**
     * The kit's migrations (db/kit, V1, V2, V2_1, ...) sit below each service's own (V3 and up): a kit migration
     * added later is applied to a database that already has the service's, rather than refused as out of order.
     */
    @Bean
    org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer kitMigrationsMayComeLater() {
        return configuration -> configuration.outOfOrder(true);
    }

    /**
     * The service's OpenAPI document (springdoc, at {@code /v3/api-docs}): titled after the service, its server the
     * relative "/", so that Swagger UI at the gateway tries requests out through the gateway, not the service's port.
     */
    @Bean
    @ConditionalOnMissingBean
    io.swagger.v3.oas.models.OpenAPI platformOpenApi(
            @org.springframework.beans.factory.annotation.Value("${spring.application.name:service}") String name) {
        return new io.swagger.v3.oas.models.OpenAPI()
                .info(new io.swagger.v3.oas.models.info.Info().title(name)
                        .description("Partner Center shaped REST API of the CSP marketplace's " + name
                                + "; reached through the API gateway. Errors are RFC 9457 problem+json with code and description.")
                        .version("v1"))
                .servers(List.of(new io.swagger.v3.oas.models.servers.Server().url("/")))
                .components(new io.swagger.v3.oas.models.Components().addSecuritySchemes("bearer",
                        new io.swagger.v3.oas.models.security.SecurityScheme()
                                .type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement().addList("bearer"));
    }

    /**
     * Commands sent while serving a request carry its correlation id and request line into their events, and commands
     * sent in a span its trace ({@link Traces}).
     */
    @Bean
    SmartInitializingSingleton correlateCommandsWithRequests(ObjectProvider<CommandBus> commandBus, Traces traces) {
        return () -> {
            commandBus.getObject().registerDispatchInterceptor(RequestCorrelation.commandInterceptor());
            commandBus.getObject().registerDispatchInterceptor(traces.commandInterceptor());
        };
    }

    @Bean
    IntegrationEventDispatcher integrationEventDispatcher(Inbox inbox, CommandGateway commands, Traces traces) {
        return new IntegrationEventDispatcher(inbox, commands, traces);
    }

    @Bean
    RecordBatches recordBatches(org.springframework.transaction.PlatformTransactionManager transactions,
                                Traces traces) {
        return new RecordBatches(transactions, traces);
    }

    @Bean
    IntegrationEventPublisher integrationEventPublisher(KafkaTemplate<String, byte[]> kafka, Traces traces) {
        return new IntegrationEventPublisher(kafka, traces);
    }
}
