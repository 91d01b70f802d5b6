package io.github.gamehousekeeping.localdb;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import io.github.gamehousekeeping.contract.KeyAttribute;
import io.github.gamehousekeeping.contract.LocalIndexSchema;
import io.github.gamehousekeeping.contract.TableSchema;
import io.github.gamehousekeeping.contract.Tables;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * DynamoDB Local 2.x running in this JVM, in memory, on a free port, with an SDK v2 client pointed at it.
 *
 * <pre>{@code
 * try (LocalDynamoDb db = LocalDynamoDb.start()) {
 *     db.createTables();                 // CompletedLevel + CompletedGame, key schema from the contract's Tables
 *     DynamoDbClient client = db.client();
 *     ...
 *     db.deleteAll();                    // empty every table between tests
 * }
 * }</pre>
 *
 * The key schema comes only from {@link Tables}: there is no second copy of it here.
 */
public final class LocalDynamoDb implements AutoCloseable {
    /** Region the client uses (DynamoDB Local keeps one database per region and access key unless -sharedDb). */
    public static final Region REGION = Region.US_EAST_1;
    /** Dummy credentials; DynamoDB Local 2.x only accepts letters and digits in the access key. */
    public static final String ACCESS_KEY_ID = "local";
    public static final String SECRET_ACCESS_KEY = "local";

    /** Idle connections are closed after this long (DynamoDB's own idle timeout is of the same order). */
    static final long IDLE_TIMEOUT_MS = 60_000;

    private final Server server;
    private final LocalDynamoDBRequestHandler handler;
    private final InetSocketAddress address;
    private final URI endpoint;
    /** Built on first use: a run that only creates tables never builds one (about 900 classes of the SDK). */
    private DynamoDbClient client;
    private final List<String> createdTables = new ArrayList<>();

    private LocalDynamoDb(Server server, LocalDynamoDBRequestHandler handler, InetSocketAddress address) {
        this.server = server;
        this.handler = handler;
        this.address = address;
        this.endpoint = endpointOf(address);
    }

    /**
     * DynamoDB Local is plain HTTP: connections opened here, so the url-connection client builds no TLS context (its
     * default factory sets one up in the constructor, about 120 ms of the local runtime's start-up).
     */
    private static java.net.HttpURLConnection openConnection(URI uri) {
        try {
            return (java.net.HttpURLConnection) uri.toURL().openConnection();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts DynamoDB Local in memory on a free loopback port ({@code 127.0.0.1}). */
    public static LocalDynamoDb start() {
        return start(InetAddress.getLoopbackAddress());
    }

    /**
     * Starts DynamoDB Local in memory on a free port of {@code bindAddress} only (loopback unless told otherwise:
     * DynamoDB Local checks no signature, so whoever reaches the port can read and write every table).
     *
     * <p>Serves DynamoDB Local's request handler the way {@code DynamoDBProxyServer} does (a Jetty server with one
     * context), but on a connector bound to the given address (DynamoDBProxyServer binds every interface), without its
     * telemetry set-up (it needs the Pinpoint and Cognito SDK clients, which do not exist at our SDK version) and its
     * banner on standard output.
     */
    public static LocalDynamoDb start(InetAddress bindAddress) {
        return bind(bindAddress).start();
    }

    /**
     * Binds DynamoDB Local's port on {@code bindAddress} now and starts serving later ({@link Binding#start()}): the
     * endpoint is known at once, so the clients that will use it (e.g. Lambda execution environments, whose endpoint
     * is an environment variable) can start while DynamoDB Local itself starts (its request handler, sqlite and
     * logging take most of its start-up). A connection made meanwhile waits in the port's backlog.
     */
    public static Binding bind(InetAddress bindAddress) {
        Objects.requireNonNull(bindAddress, "bindAddress");
        quietLogging();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(bindAddress.getHostAddress());
        connector.setPort(0);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        try {
            connector.open();
        } catch (IOException | RuntimeException e) {
            stopQuietly(server);
            throw new IllegalStateException("DynamoDB Local cannot listen on " + bindAddress.getHostAddress() + ": " + e, e);
        }
        return new Binding(server, connector, bindAddress);
    }

    /** DynamoDB Local's port, bound but not yet served: {@link #start()} it, or {@link #close()} it. */
    public static final class Binding implements AutoCloseable {
        private final Server server;
        private final ServerConnector connector;
        private final InetSocketAddress address;
        private boolean started;

        private Binding(Server server, ServerConnector connector, InetAddress bindAddress) {
            this.server = server;
            this.connector = connector;
            this.address = new InetSocketAddress(bindAddress, connector.getLocalPort());
        }

        /** The HTTP endpoint DynamoDB Local will serve, e.g. {@code http://127.0.0.1:41234}. */
        public URI endpoint() {
            return endpointOf(address);
        }

        /** Starts DynamoDB Local (in memory) on the bound port; at most once. */
        public synchronized LocalDynamoDb start() {
            if (started) {
                throw new IllegalStateException("DynamoDB Local was already started on " + endpoint());
            }
            started = true;
            ContextHandler context = new ContextHandler();
            LocalDynamoDBRequestHandler handler = new LocalDynamoDBRequestHandler(0, true, null, false, false);
            context.setHandler(new LocalDynamoDBServerHandler(handler, null));
            ContextHandlerCollection contexts = new ContextHandlerCollection();
            contexts.addHandler(context);
            server.setHandler(contexts);
            try {
                server.start();
            } catch (Exception e) {
                stopQuietly(server);
                throw new IllegalStateException("DynamoDB Local did not start on " + endpoint() + ": " + e, e);
            }
            return new LocalDynamoDb(server, handler, address);
        }

        /** Releases the port when DynamoDB Local was not started (a started one is closed through its instance). */
        @Override
        public synchronized void close() {
            if (!started) {
                started = true;
                connector.close();
                stopQuietly(server);
            }
        }
    }

    /** The address the server listens on (only that one: {@code 127.0.0.1} by default). */
    public InetSocketAddress boundAddress() {
        return address;
    }

    /** The static dummy credentials DynamoDB Local accepts. */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** The HTTP endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    /** A DynamoDB client (url-connection HTTP client, dummy credentials, {@link #REGION}) for this server. */
    public synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoDbClient.builder()
                    .endpointOverride(endpoint)
                    .region(REGION)
                    .credentialsProvider(credentials())
                    .httpClient(UrlConnectionHttpClient.create(LocalDynamoDb::openConnection))
                    .build();
        }
        return client;
    }

    /**
     * Creates a table for {@link #client()}'s access key and region, in this JVM: the request goes to DynamoDB
     * Local's request handler, the one its HTTP server hands every parsed request to, without an SDK client, HTTP or
     * JSON (about a third of a second of the local runtime's start-up). DynamoDB Local validates it as it validates a
     * CreateTable sent over HTTP. Returns false when a table of that name already exists (it is left as it is). Either
     * way {@link #deleteAll()} empties it from then on.
     *
     * @throws IllegalArgumentException when DynamoDB Local refuses the request (its error code and message)
     */
    public boolean createTable(CreateTableRequest request) {
        try {
            handler.createTable(ACCESS_KEY_ID, REGION.id(), LocalTableRequests.toHandlerModel(request));
        } catch (com.amazonaws.AmazonServiceException e) {
            if (!"ResourceInUseException".equals(e.getErrorCode())) {
                throw new IllegalArgumentException("DynamoDB Local refused to create table " + request.tableName()
                        + ": " + e.getErrorCode() + ": " + e.getErrorMessage(), e);
            }
            remember(request.tableName());
            return false;
        }
        remember(request.tableName());
        return true;
    }

    private void remember(String table) {
        synchronized (createdTables) {
            if (!createdTables.contains(table)) {
                createdTables.add(table);
            }
        }
    }

    /** Creates every table of {@link Tables#ALL} under its default name. Returns the names. */
    public Map<TableSchema, String> createTables() {
        Map<TableSchema, String> names = new LinkedHashMap<>();
        for (TableSchema schema : Tables.ALL) {
            names.put(schema, schema.defaultName());
        }
        return createTables(names);
    }

    /**
     * Creates the given tables (schema to table name; a null name means the schema's default name). A table that
     * already exists is left as it is. Returns the names used.
     */
    public Map<TableSchema, String> createTables(Map<TableSchema, String> names) {
        Map<TableSchema, String> used = new LinkedHashMap<>();
        names.forEach((schema, name) -> used.put(schema, createTable(schema, name == null ? schema.defaultName() : name)));
        return used;
    }

    /** Creates CompletedLevel and CompletedGame under the given names. */
    public Map<TableSchema, String> createTables(String completedLevelTable, String completedGameTable) {
        Map<TableSchema, String> names = new LinkedHashMap<>();
        names.put(Tables.COMPLETED_LEVEL, completedLevelTable);
        names.put(Tables.COMPLETED_GAME, completedGameTable);
        return createTables(names);
    }

    /** Creates one table with the schema's key attributes, on-demand billing. Returns its name. */
    public String createTable(TableSchema schema, String name) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        attributes.add(attribute(schema.partitionKey()));
        keys.add(KeySchemaElement.builder().attributeName(schema.partitionKey().name()).keyType(KeyType.HASH).build());
        if (schema.sortKey() != null) {
            attributes.add(attribute(schema.sortKey()));
            keys.add(KeySchemaElement.builder().attributeName(schema.sortKey().name()).keyType(KeyType.RANGE).build());
        }
        List<LocalSecondaryIndex> indexes = new ArrayList<>();
        for (LocalIndexSchema index : schema.localIndexes()) {
            attributes.add(attribute(index.sortKey()));
            indexes.add(LocalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keys.get(0), KeySchemaElement.builder()
                            .attributeName(index.sortKey().name()).keyType(KeyType.RANGE).build())
                    .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                            .nonKeyAttributes(index.projectedAttributes()).build())
                    .build());
        }
        createTable(CreateTableRequest.builder().tableName(name)
                .attributeDefinitions(attributes)
                .keySchema(keys)
                .localSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build());
        return name;
    }

    /** Every item of a table (consistent scan, all pages), sorted by key so two scans compare with equals. */
    public List<Map<String, AttributeValue>> scanAll(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client().scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                .items().forEach(items::add);
        items.sort(Comparator.comparing(LocalDynamoDb::sortableKey));
        return items;
    }

    /** Deletes every item of the given table, keeping the table. */
    public void deleteAll(String table) {
        List<String> keyNames = client().describeTable(b -> b.tableName(table)).table().keySchema().stream()
                .map(KeySchemaElement::attributeName).toList();
        for (Map<String, AttributeValue> item : scanAll(table)) {
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            keyNames.forEach(k -> key.put(k, item.get(k)));
            client().deleteItem(b -> b.tableName(table).key(key));
        }
    }

    /** Deletes every item of every table this instance created (tables are kept): a fast reset between tests. */
    public void deleteAll() {
        List<String> tables;
        synchronized (createdTables) {
            tables = List.copyOf(createdTables);
        }
        tables.forEach(this::deleteAll);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (client != null) {
                client.close();
            }
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    /**
     * Runs DynamoDB Local with the workflow's tables until stdin closes or the process is stopped. Prints
     * {@code endpoint=http://127.0.0.1:PORT} as its first line of standard output (then the table names).
     * Table names are taken from the environment variables in {@link Tables} when set.
     */
    public static void main(String[] args) throws Exception {
        LocalDynamoDb db = start();
        Runtime.getRuntime().addShutdownHook(new Thread(db::close));
        Map<TableSchema, String> names = new LinkedHashMap<>();
        for (TableSchema schema : Tables.ALL) {
            names.put(schema, System.getenv(schema.environmentVariable()));
        }
        Map<TableSchema, String> used = db.createTables(names);
        System.out.println("endpoint=" + db.endpoint());
        used.forEach((schema, name) -> System.out.println(schema.environmentVariable() + "=" + name));
        System.out.flush();
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // wait for EOF
            }
        } catch (IOException ignored) {
            // stdin gone: stop
        }
        System.exit(0);
    }

    private static AttributeDefinition attribute(KeyAttribute key) {
        return AttributeDefinition.builder()
                .attributeName(key.name())
                .attributeType(ScalarAttributeType.fromValue(key.type().dynamoDbType()))
                .build();
    }

    private static String sortableKey(Map<String, AttributeValue> item) {
        StringBuilder sb = new StringBuilder();
        item.keySet().stream().sorted().forEach(k -> sb.append(k).append('=').append(item.get(k)).append('\u0000'));
        return sb.toString();
    }

    private static URI endpointOf(InetSocketAddress address) {
        return URI.create("http://" + hostForUri(address.getAddress()) + ":" + address.getPort());
    }

    private static String hostForUri(InetAddress address) {
        String host = address.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // never started
        }
    }

    /** Held strongly: java.util.logging keeps loggers weakly, and a collected logger loses its level. */
    private static final java.util.logging.Logger SQLITE_LOGGER = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    /**
     * DynamoDB Local logs through the log4j API only; its log4j2.xml would have log4j-core log WARN and above to
     * stdout (where {@code run} prints its JSON lines), after a start-up of its own (plugin scan, the XML configuration
     * parsed with JAXP: about 0.1 s of {@code run}'s wall time on 2 cores). Unless the caller chose, the log4j API's
     * simple logger takes its WARN and above to stderr instead. Jetty and sqlite4java add INFO lines (jul): only
     * warnings and errors of those, unless the caller set the levels.
     */
    private static void quietLogging() {
        if (System.getProperty("log4j2.loggerContextFactory") == null
                && System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
            if (System.getProperty("org.apache.logging.log4j.simplelog.level") == null) {
                System.setProperty("org.apache.logging.log4j.simplelog.level", "WARN");
            }
        }
        if (System.getProperty("sqlite4java.library.path") == null) {
            SQLITE_LOGGER.setLevel(java.util.logging.Level.SEVERE);
        }
        if (System.getProperty("log4j2.disableJmx") == null && System.getProperty("log4j2.disable.jmx") == null) {
            System.setProperty("log4j2.disableJmx", "true"); // DynamoDB Local's log4j registers MBeans nobody reads
        }
        if (System.getProperty("org.eclipse.jetty.LEVEL") == null) {
            System.setProperty("org.eclipse.jetty.LEVEL", "WARN");
        }
    }
}
