package org.fengqiao.gateway.support;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/** The canonical schema as a handler gets it: fetched from the gateway's URL, validated by a real validator. */
public final class CanonicalSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Schema schema;

    private CanonicalSchema(Schema schema) {
        this.schema = schema;
    }

    public static CanonicalSchema fromServedText(String schemaJson) throws Exception {
        return new CanonicalSchema(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(JSON.readTree(schemaJson)));
    }

    public List<String> problems(String messageJson) throws Exception {
        return schema.validate(JSON.readTree(messageJson)).stream().map(Error::toString).toList();
    }
}
