package com.cspmarket.subscription;

import com.cspmarket.local.OpenApiContract;

/** Every endpoint the service maps is in the OpenAPI document it serves (and the gateway shows). */
class ApiDocumentationIT extends ServiceIT implements OpenApiContract {
}
