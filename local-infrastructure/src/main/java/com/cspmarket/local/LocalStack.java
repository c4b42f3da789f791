package com.cspmarket.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The whole system on one machine without Docker: PostgreSQL, a Kafka broker and the four services, each
 * service in its own JVM with its own database. Used by the run command ({@link #main}) and the system tests.
 */
public final class LocalStack implements AutoCloseable {

    /** The partner the run command prints tokens for. */
    public static final String DEMO_PARTNER = "partner-demo";

    /**
     * Partitions of every topic (system property {@code csp.partitions}, default 12): the broker creates the topics
     * with them and the services are told the same number, so nobody re-partitions a topic.
     */
    public static final int PARTITIONS = Integer.getInteger("csp.partitions", 12);

    public static final List<String> TOPICS = List.of(
            "catalog.offers.v1", "orders.orders.v1", "subscriptions.subscriptions.v1", "billing.invoices.v1");

    public enum Service {
        CATALOG("catalog-service", "catalog"),
        ORDER("order-service", "orders"),
        SUBSCRIPTION("subscription-service", "subscriptions"),
        BILLING("billing-service", "billing");

        private final String module;
        private final String database;

        Service(String module, String database) {
            this.module = module;
            this.database = database;
        }

        public String module() {
            return module;
        }

        /** The service's name in the gateway's configuration ({@code gateway.services.<name>}). */
        public String routeName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public String database() {
            return database;
        }
    }

    /**
     * @param projectRoot   the checkout, where each service's target/*-exec.jar is found
     * @param firstPort     the services listen on firstPort..firstPort+3 and PostgreSQL on firstPort+10; Kafka takes a
     *                      free port (printed); 0 picks free ports for everything
     * @param dataDir       null for throw-away data; else PostgreSQL keeps its data there between runs
     * @param logDir        where each service writes its log
     * @param jvmOptions    options for every service JVM
     * @param properties    Spring properties for every service (e.g. the business clock's start); those under
     *                      gateway., management. and logging. for the gateway too
     * @param instances     JVMs per service (the gateway balances across them); the first instance of each service
     *                      listens as above, instance k (1, 2, ...) on firstPort+100*k.. and logs to module-k.log
     * @param classDataSharing each application from its extracted jar with a class-data-sharing archive, written by its
     *                      first run at exit and mapped by later ones ({@link ClassDataSharing}; ./run-local)
     */
    public record Options(Path projectRoot, int firstPort, Path dataDir, Path logDir, List<String> jvmOptions,
                          Map<String, String> properties, int instances, boolean classDataSharing) {

        public Options {
            if (instances < 1) {
                throw new IllegalArgumentException("at least one instance per service");
            }
        }

        /** Each application from its executable jar, as built. */
        public Options(Path projectRoot, int firstPort, Path dataDir, Path logDir, List<String> jvmOptions,
                       Map<String, String> properties, int instances) {
            this(projectRoot, firstPort, dataDir, logDir, jvmOptions, properties, instances, false);
        }

        /** One instance per service. */
        public Options(Path projectRoot, int firstPort, Path dataDir, Path logDir, List<String> jvmOptions,
                       Map<String, String> properties) {
            this(projectRoot, firstPort, dataDir, logDir, jvmOptions, properties, 1);
        }
    }

    private LocalPostgres postgres;
    private Path postgresData;
    private int postgresConnections;
    private final LocalKafka kafka;
    private final DevTokens tokens = DevTokens.generate();
    private final Map<Service, List<ServiceProcess>> services = new EnumMap<>(Service.class);
    private ServiceProcess gateway;
    private ServiceProcess identity;
    private ServiceProcess portal;

    private LocalStack(LocalPostgres postgres, LocalKafka kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** The identity provider the services of this stack trust: it signs tokens for any partner user or operator. */
    public DevTokens tokens() {
        return tokens;
    }

    public static LocalStack start(Options options) {
        return start(options, false);
    }

    /**
     * @param restartableKafka run the broker as its own process with its log on disk, so that {@link #restartKafka}
     *                         can restart it (fault tests); otherwise it runs in this JVM
     */
    public static LocalStack start(Options options, boolean restartableKafka) {
        int pgPort = options.firstPort() == 0 ? 0 : options.firstPort() + 10;
        int kafkaPort = options.firstPort() == 0 ? freePort() : options.firstPort() + 11;
        LocalPostgres postgres = LocalPostgres.start(pgPort, options.dataDir(), connectionsFor(options.instances()));
        LocalKafka kafka;
        try {
            kafka = restartableKafka
                    ? LocalKafka.startProcess(kafkaPort, PARTITIONS, TOPICS, Files.createTempDirectory("csp-kafka-"))
                    : LocalKafka.start(kafkaPort, PARTITIONS, TOPICS);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        LocalStack stack = new LocalStack(postgres, kafka);
        stack.postgresData = options.dataDir();
        stack.postgresConnections = connectionsFor(options.instances());
        try {
            int gatewayPort = options.firstPort() == 0 ? freePort() : options.firstPort() - 1;
            // the identity provider: the gateway and the services verify tokens with its JWK set (fetched at their first
            // request, so all start at once). It signs with the development key, under the development issuer, so that
            // tokens the tests mint verify as well
            int identityPort = options.firstPort() == 0 ? freePort() : 9000;
            int portalPort = options.firstPort() == 0 ? freePort() : options.firstPort() + 7;
            String portalUrl = "http://localhost:" + portalPort;
            Path signingKey = stack.writeSigningKey();
            Map<String, String> identityProps = new LinkedHashMap<>();
            identityProps.put("identity.issuer", DevTokens.ISSUER);
            identityProps.put("identity.signing-key", signingKey.toString());
            identityProps.put("identity.portal.redirect-uris[0]", portalUrl + "/login/oauth2/code/platform");
            identityProps.put("identity.portal.post-logout-redirect-uris[0]", portalUrl + "/signed-out");
            ClassDataSharing.Launch identityLaunch = launch(options, "identity", true);
            stack.identity = new ServiceProcess("identity", identityLaunch.jar(), identityPort,
                    identityLaunch.jvmOptions(), identityProps, options.logDir().resolve("identity.log"));
            stack.identity.start();
            String jwkSetUri = stack.identity.baseUrl() + "/oauth2/jwks";
            int i = 0;
            for (Service service : Service.values()) {
                String jdbcUrl = postgres.createDatabase(service.database());
                Map<String, String> props = new LinkedHashMap<>();
                props.put("spring.datasource.url", jdbcUrl);
                props.put("spring.datasource.username", postgres.username());
                props.put("spring.datasource.password", postgres.password());
                props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
                props.put("platform.kafka.partitions", String.valueOf(PARTITIONS));
                props.put("platform.security.jwt.jwk-set-uri", jwkSetUri);
                props.putAll(options.properties());
                if (service == Service.SUBSCRIPTION) { // the customer's link is on the public base URL
                    props.put("subscription.activation.base-url", "http://localhost:" + gatewayPort);
                }
                List<ServiceProcess> instances = new ArrayList<>();
                for (int k = 0; k < options.instances(); k++) {
                    int port = options.firstPort() == 0 ? freePort() : options.firstPort() + 100 * k + i;
                    String name = k == 0 ? service.module() : service.module() + "-" + k;
                    ClassDataSharing.Launch launch = launch(options, service.module(), k == 0);
                    instances.add(new ServiceProcess(name, launch.jar(), port,
                            withoutAotWhenBuildTime(launch.jvmOptions(), props), props,
                            options.logDir().resolve(name + ".log")));
                }
                stack.services.put(service, List.copyOf(instances));
                i++;
            }
            Map<String, String> gatewayProps = new LinkedHashMap<>();
            gatewayProps.put("platform.security.jwt.jwk-set-uri", jwkSetUri);
            for (Service service : Service.values()) {
                gatewayProps.put("gateway.services." + service.routeName(), String.join(",",
                        stack.services.get(service).stream().map(ServiceProcess::baseUrl).toList()));
            }
            options.properties().forEach((key, value) -> {
                if (key.startsWith("gateway.") || key.startsWith("management.") || key.startsWith("logging.")) {
                    gatewayProps.put(key, value);
                }
            });
            ClassDataSharing.Launch gatewayLaunch = launch(options, "api-gateway", true);
            stack.gateway = new ServiceProcess("api-gateway", gatewayLaunch.jar(), gatewayPort,
                    gatewayLaunch.jvmOptions(), gatewayProps, options.logDir().resolve("api-gateway.log"));
            // the partner portal: signs its users in at the identity provider, calls the API through the gateway only
            Map<String, String> portalProps = new LinkedHashMap<>();
            portalProps.put("portal.gateway-url", stack.gateway.baseUrl());
            portalProps.put("portal.identity-url", stack.identity.baseUrl());
            ClassDataSharing.Launch portalLaunch = launch(options, "partner-portal", true);
            stack.portal = new ServiceProcess("partner-portal", portalLaunch.jar(), portalPort,
                    portalLaunch.jvmOptions(), portalProps, options.logDir().resolve("partner-portal.log"));
            stack.services.values().forEach(instances -> instances.forEach(ServiceProcess::start));
            stack.gateway.start();
            stack.portal.start();
            List<ServiceProcess> all = new ArrayList<>(stack.services.values().stream().flatMap(List::stream).toList());
            all.add(stack.gateway);
            all.add(stack.identity);
            all.add(stack.portal);
            CompletableFuture.allOf(all.stream()
                            .map(s -> CompletableFuture.runAsync(() -> s.awaitHealthy(Duration.ofMinutes(4))))
                            .toArray(CompletableFuture[]::new))
                    .join();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * Properties a service's ahead-of-time processed context fixed when it was built (bean conditions: see the parent
     * pom's process-aot execution and README): given any of them, the service starts without that context.
     */
    static final List<String> BUILD_TIME_PROPERTIES = List.of("axon.timeout.enabled", "management.tracing.enabled",
            "management.otlp.tracing.transport", "management.endpoints.", "management.endpoint.", "springdoc.api-docs.enabled",
            "springdoc.swagger-ui.enabled");

    static List<String> withoutAotWhenBuildTime(List<String> jvmOptions, Map<String, String> properties) {
        boolean buildTime = properties.keySet().stream()
                .anyMatch(key -> BUILD_TIME_PROPERTIES.stream().anyMatch(key::startsWith));
        if (!buildTime || jvmOptions.stream().anyMatch(o -> o.startsWith("-Dspring.aot.enabled="))) {
            return jvmOptions;
        }
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dspring.aot.enabled=false");
        return List.copyOf(options);
    }

    /** The base URL of the service's first instance. */
    public String url(Service service) {
        return service(service).baseUrl();
    }

    /** The one public base URL: the API gateway in front of the four services. */
    public String gatewayUrl() {
        return gateway.baseUrl();
    }

    /** The identity provider (OAuth2 / OpenID Connect): token endpoint, JWK set, sign-in page. */
    public String identityUrl() {
        return identity.baseUrl();
    }

    /** The partner portal (web pages for partner staff and operators), signing in at {@link #identityUrl()}. */
    public String portalUrl() {
        return portal.baseUrl();
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    /** The service's first instance. */
    public ServiceProcess service(Service service) {
        return services.get(service).get(0);
    }

    /** Every instance of the service. */
    public List<ServiceProcess> instances(Service service) {
        return services.get(service);
    }

    /**
     * PostgreSQL connections for the whole stack: per service instance a pool of up to 20, the event-store listener and
     * Flyway; and room for tests and tools.
     */
    static int connectionsFor(int instances) {
        return Math.max(300, 100 + 30 * Service.values().length * instances);
    }

    public synchronized LocalPostgres postgres() {
        return postgres;
    }

    /** Stops the Kafka broker and starts it again with its data (a stack started with a restartable broker). */
    public void restartKafka() {
        kafka.restart();
    }

    /** {@link #restartKafka()}, running {@code whileDown} while the broker is stopped. */
    public void restartKafka(Runnable whileDown) {
        kafka.restart(whileDown);
    }

    /**
     * Stops PostgreSQL (every service's event store and read models) and starts it again on the same port with the
     * same data, as a database failover or restart would; the services ride it out on their own. Needs a stack
     * started with a data directory.
     */
    public void restartPostgres() {
        restartPostgres(() -> { });
    }

    /** {@link #restartPostgres()}, running {@code whileDown} while PostgreSQL is stopped. */
    public synchronized void restartPostgres(Runnable whileDown) {
        if (postgresData == null) {
            throw new IllegalStateException("a throw-away PostgreSQL cannot be restarted: start the stack with a dataDir");
        }
        int port = postgres.port();
        postgres.close();
        try {
            whileDown.run();
        } finally {
            postgres = LocalPostgres.start(port, postgresData, postgresConnections);
        }
    }

    public LocalKafka kafka() {
        return kafka;
    }

    /** The development signing key, readable by its owner only, removed when this JVM exits. */
    private Path writeSigningKey() {
        try {
            Path file = Files.createTempFile("csp-identity-",
                    ".pem", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, tokens.privateKeyPem());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (portal != null) {
            portal.stop(false);
        }
        if (gateway != null) {
            gateway.stop(false);
        }
        services.values().stream().flatMap(List::stream).toList().parallelStream().forEach(s -> s.stop(false));
        if (identity != null) {
            identity.stop(false);
        }
        kafka.close();
        postgres.close();
    }

    /**
     * The options ./run-local starts every service JVM with ({@code -Xmx768m -XX:+UseSerialGC}), plus those of the system
     * property {@code jvm} (space-separated), which benchmarks take to try others.
     */
    public static List<String> serviceJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC"));
        String extra = System.getProperty("jvm", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
            System.out.println("service JVM options: " + options);
        }
        return options;
    }

    private static ClassDataSharing.Launch launch(Options options, String module, boolean writer) {
        Path jar = findJar(options.projectRoot(), module);
        return options.classDataSharing() ? ClassDataSharing.prepare(jar, options.jvmOptions(), writer)
                : new ClassDataSharing.Launch(jar, options.jvmOptions());
    }

    static Path findJar(Path projectRoot, Service service) {
        return findJar(projectRoot, service.module());
    }

    static Path findJar(Path projectRoot, String module) {
        Path target = projectRoot.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no executable jar in " + target + ": build first"));
        } catch (IOException e) {
            throw new IllegalStateException("no " + target + ": build first (./mvnw package -DskipTests)", e);
        }
    }

    /** Ports this JVM handed out: the kernel may give a port it gave a moment ago again once its socket closed. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** A port free now and not handed out before by this JVM (the processes of a stack get one each). */
    static int freePort() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port that was not handed out before in 1000 attempts");
    }

    /**
     * The run command: starts everything, prints the URLs, and runs until interrupted (Ctrl-C).
     * Arguments: [projectRoot] (default: the working directory). Environment: CSP_FIRST_PORT (default 8081),
     * CSP_DATA_DIR (default .local/data; "none" for throw-away data), CSP_INSTANCES (JVMs per service, default 1).
     */
    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int firstPort = Integer.parseInt(System.getenv().getOrDefault("CSP_FIRST_PORT", "8081"));
        String data = System.getenv().getOrDefault("CSP_DATA_DIR", root.resolve(".local/data").toString());
        Path dataDir = "none".equals(data) ? null : Path.of(data);
        Path logDir = root.resolve(".local/logs");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("platform.clock.movable", "true");
        props.put("platform.admin.enabled", "true");
        props.put("catalog.seed.demo", "true");
        List<String> jvm = serviceJvmOptions();
        System.out.println("Starting PostgreSQL, Kafka, the identity provider, the four services ("
                + System.getenv().getOrDefault("CSP_INSTANCES", "1") + " instance(s) each), the API gateway and the partner portal (logs in "
                + logDir + ") ...");
        int instances = Integer.parseInt(System.getenv().getOrDefault("CSP_INSTANCES", "1"));
        // CSP_CDS=off: from the executable jars as built, without class-data sharing
        boolean cds = !"off".equalsIgnoreCase(System.getenv().getOrDefault("CSP_CDS", "on"));
        LocalStack stack = start(new Options(root, firstPort, dataDir, logDir, jvm, props, instances, cds));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        System.out.println();
        System.out.println("Partner portal " + stack.portalUrl() + "   (sign in as a demo user below, password 'demo')");
        System.out.println("API gateway " + stack.gatewayUrl() + "   (the one base URL of the whole API; Swagger UI "
                + stack.gatewayUrl() + "/swagger-ui.html)");
        System.out.println("Identity    " + stack.identityUrl() + "   (OAuth2 / OpenID Connect: "
                + stack.identityUrl() + "/.well-known/openid-configuration)");
        System.out.println("PostgreSQL  jdbc:postgresql://localhost:" + stack.postgres.port() + "/<service db> (postgres/postgres)");
        System.out.println("Kafka       " + stack.kafka.bootstrapServers());
        for (Service s : Service.values()) {
            for (ServiceProcess instance : stack.instances(s)) {
                System.out.printf("%-23s %s   (health %s/actuator/health, metrics %s/actuator/prometheus)%n",
                        instance.name(), instance.baseUrl(), instance.baseUrl(), instance.baseUrl());
            }
        }
        System.out.println();
        System.out.println("Tokens (RS256, valid 12 h, signed by this run's development identity provider; paste into a shell):");
        System.out.println("export OPERATOR_TOKEN=" + stack.tokens.operator());
        System.out.println("export AGENT_TOKEN=" + stack.tokens.partnerUser(DEMO_PARTNER, DevTokens.ADMIN_AGENT, DevTokens.SALES_AGENT));
        System.out.println("export BILLING_TOKEN=" + stack.tokens.partnerUser(DEMO_PARTNER, DevTokens.BILLING_ADMIN));
        System.out.println("(AGENT_TOKEN: admin and sales agent of partner '" + DEMO_PARTNER + "'; BILLING_TOKEN: its billing admin;"
                + " OPERATOR_TOKEN: platform operator)");
        System.out.println();
        System.out.println("Or from the identity provider: an integration's token (client credentials), e.g.");
        System.out.println("  curl -s -u contoso-integration:contoso-secret -d grant_type=client_credentials "
                + stack.identityUrl() + "/oauth2/token");
        System.out.println("  (fabrikam-integration:fabrikam-secret for the other demo partner). Demo users for the sign-in"
                + " page, password 'demo': contoso-admin, contoso-sales, contoso-billing (partner-contoso),");
        System.out.println("  fabrikam-admin, fabrikam-sales, fabrikam-billing (partner-fabrikam), operator.");
        System.out.println();
        System.out.println("All services are up. Ctrl-C stops everything.");
        Thread.currentThread().join();
    }
}
