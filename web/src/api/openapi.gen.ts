// Generated from the server's OpenAPI document (/docs-json) by `npm run gen:api-types`: do not edit.
// The web code imports its names from ./types.ts.
export interface paths {
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in: returns a session token and sets the gg_session cookie */
        post: operations["AuthController_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: revokes the current session and clears the cookie */
        post: operations["AuthController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: operations["AuthController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ClientsController_list"];
        put?: never;
        post: operations["ClientsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ClientsController_get"];
        put?: never;
        post?: never;
        delete: operations["ClientsController_remove"];
        options?: never;
        head?: never;
        patch: operations["ClientsController_update"];
        trace?: never;
    };
    "/api/clients/{id}/credit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CreditController_add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clients/{id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ClientKeysController_list"];
        put?: never;
        post: operations["ClientKeysController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/clients/{id}/keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["ClientKeysController_revoke"];
        options?: never;
        head?: never;
        patch: operations["ClientKeysController_update"];
        trace?: never;
    };
    "/api/clients/{id}/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CreditController_ledger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["LogsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/logs/{requestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["LogsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AdminModelsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/models/route": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ModelsController_route"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ProvidersController_list"];
        put?: never;
        post: operations["ProvidersController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["ProvidersController_remove"];
        options?: never;
        head?: never;
        patch: operations["ProvidersController_update"];
        trace?: never;
    };
    "/api/providers/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ProvidersController_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/providers/kinds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ProvidersController_kinds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/registry/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ModelsController_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/routing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RoutingStatusController_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SessionsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["SessionsController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SystemController_info"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/system/backup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SystemController_backup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["UsageController_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["UsersController_list"];
        put?: never;
        post: operations["UsersController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: operations["UsersController_remove"];
        options?: never;
        head?: never;
        patch: operations["UsersController_update"];
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WebhooksController_list"];
        put?: never;
        post: operations["WebhooksController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WebhooksController_get"];
        put?: never;
        post?: never;
        delete: operations["WebhooksController_remove"];
        options?: never;
        head?: never;
        patch: operations["WebhooksController_update"];
        trace?: never;
    };
    "/api/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WebhooksController_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["WebhooksController_test"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A user as /api/users manages it */
        AdminUser: components["schemas"]["User"] & {
            /** Format: date-time */
            created_at: string;
            disabled: boolean;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description Every /api error, in Nest's shape (validation errors list each problem in `message`). */
        ApiError: {
            /** @example Bad Request */
            error?: string;
            /**
             * @example [
             *       "name must be a string"
             *     ]
             */
            message: string | string[];
            /** @example 400 */
            statusCode: number;
        };
        BreakerConfig: Record<string, never>;
        /** @description A budget as read back: the limit, where this period stands and when it resets */
        Budget: {
            alert_at_pct: number[];
            limit_usd: number;
            /** @description the exact decimal of limit_usd */
            limit_usd_exact: string;
            /** @enum {string} */
            period: "day" | "week" | "month" | "total";
            /**
             * Format: date-time
             * @description null for a total budget
             */
            period_resets_at: string | null;
            /** @description spent in the current period */
            spend_usd: number;
            /** @description the exact decimal of spend_usd */
            spend_usd_exact: string;
        };
        BudgetDto: {
            /**
             * @description Alert thresholds in percent of the limit (1–100); each fires once per period
             * @default [
             *       50,
             *       80,
             *       100
             *     ]
             * @example [
             *       50,
             *       80,
             *       100
             *     ]
             */
            alert_at_pct: number[];
            /**
             * @description The most this client or key may spend per period, in USD (at most 10 decimals)
             * @example 50
             */
            limit_usd: number;
            /**
             * @description Periods start at 00:00 UTC (weeks on Monday, months on the 1st); total never resets
             * @enum {string}
             */
            period: "day" | "week" | "month" | "total";
        };
        Client: {
            allowed_models: string[] | null;
            balance_usd: number;
            /**
             * @description the exact decimal (money is exact to 1e-10 USD; a JSON number may not carry every digit)
             * @example 101000000.0123456789
             */
            balance_usd_exact: string;
            /** @description absent: no budget */
            budget?: components["schemas"]["Budget"];
            /** Format: date-time */
            created_at: string;
            /** Format: uuid */
            id: string;
            /** @description a credit.low alert fires below this balance; absent: never */
            low_balance_usd?: number;
            /** @description the exact decimal of low_balance_usd (present with it) */
            low_balance_usd_exact?: string;
            name: string;
            reserved_usd: number;
            reserved_usd_exact: string;
            rpm: number | null;
            tpm: number | null;
            /** Format: date-time */
            updated_at: string;
        };
        ClientKey: {
            /** @description absent: no budget */
            budget?: components["schemas"]["Budget"];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at: string | null;
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            last_used_at: string | null;
            name: string | null;
            /** @example gg-AbCd */
            prefix: string;
            /** Format: date-time */
            revoked_at: string | null;
        };
        ClientKeyList: {
            data: components["schemas"]["ClientKey"][];
        };
        ClientList: {
            data: components["schemas"]["Client"][];
        };
        CreateClientDto: {
            /**
             * @description Model globs this client may use (* and ?); null or empty: every model
             * @example [
             *       "gpt-4o*",
             *       "claude-*"
             *     ]
             */
            allowed_models?: string[] | null;
            /** @description A spending limit per period; null removes it */
            budget?: components["schemas"]["BudgetDto"] | null;
            /** @description Initial credit in USD (an "initial" ledger entry) */
            credit_usd?: number;
            /** @description A credit.low alert fires when the balance falls below this (USD); null: never */
            low_balance_usd?: number | null;
            /** @example mobile-app */
            name: string;
            /** @description Requests per minute; null: no limit */
            rpm?: number | null;
            /** @description Tokens per minute; null: no limit */
            tpm?: number | null;
        };
        CreateKeyDto: {
            /** @description The key's own spending limit per period */
            budget?: components["schemas"]["BudgetDto"] | null;
            /**
             * Format: date-time
             * @description When the key stops working; null: never
             */
            expires_at?: string | null;
            /** @example production */
            name?: string | null;
        };
        CreateProviderDto: {
            /** @description write-only; stored encrypted, shown as ••••last4 */
            api_key?: string;
            /** @description http(s) URL; defaults to the public URL of the kind or preset */
            base_url?: string;
            breaker?: components["schemas"]["BreakerConfig"];
            enabled?: boolean;
            /** @enum {string} */
            kind: "openai" | "anthropic" | "gemini" | "ollama" | "openai-compatible";
            /** @description the models this provider serves (listing and routing hints) */
            models?: string[];
            /** @example my-openai */
            name: string;
            /** @example deepseek */
            preset?: string;
            /** @description USD per 1M tokens per model: { "<model>": { input, output, cache_read?, cache_write? } } */
            pricing?: {
                [key: string]: {
                    cache_read?: number;
                    cache_write?: number;
                    input: number;
                    output: number;
                };
            };
            retry?: components["schemas"]["RetryConfig"];
            /** @example 60 */
            stream_idle_seconds?: number;
            /** @example 30 */
            timeout_seconds?: number;
        };
        CreateUserDto: {
            password: string;
            /** @enum {string} */
            role: "admin" | "viewer";
            /** @example alice */
            username: string;
        };
        CreateWebhookDto: {
            events: ("budget.threshold" | "budget.exceeded" | "credit.low" | "provider.state")[];
            /** @description Signs each delivery (x-gophergate-signature: sha256=<hex HMAC>); write-only, never returned */
            secret?: string;
            /**
             * @description http or https; private and loopback addresses are allowed
             * @example https://hooks.example/gg
             */
            url: string;
        };
        CreditDto: {
            /**
             * @description USD to add (top-up) or, when negative, to take off (correction). Non-zero, |amount| ≤ 1,000,000; at most 10 decimals (exact).
             * @example 25
             */
            amount_usd: number;
            /** @example invoice 2026-031 */
            note?: string | null;
        };
        CreditResult: components["schemas"]["LedgerEntry"] & {
            balance_usd: number;
            balance_usd_exact: string;
        };
        LedgerEntry: {
            /** @description charges are negative */
            amount_usd: number;
            /**
             * @description the exact amount as a decimal string (1e-10 USD precision)
             * @example -0.00011625
             */
            amount_usd_exact: string;
            /** Format: date-time */
            created_at: string;
            /** @description a charge settled on estimated usage (the provider reported none) */
            estimated: boolean;
            id: string;
            /**
             * @example credit
             * @enum {string}
             */
            kind: "credit" | "correction" | "initial" | "charge";
            note: string | null;
            request_id: string | null;
        };
        LedgerPage: {
            data: components["schemas"]["LedgerEntry"][];
            /** @description pass as `cursor` for the next page */
            next_cursor?: string | null;
        };
        LogDetail: components["schemas"]["LogItem"] & {
            error_message: string | null;
            /** @description only when logs.bodies is on */
            request_body: string | null;
            response_body: string | null;
        };
        LoginDto: {
            /** @example correct horse battery staple */
            password: string;
            /** @example admin */
            username: string;
        };
        LoginResult: {
            /** Format: date-time */
            expires_at: string;
            /** @description Send as `Authorization: Bearer <token>` (also set as the gg_session cookie) */
            token: string;
            user: components["schemas"]["User"];
        };
        LogItem: {
            cache_read_tokens: number;
            cache_write_tokens: number;
            client_id: string | null;
            client_name: string | null;
            cost_usd: number;
            /** Format: date-time */
            created_at: string;
            error_code: string | null;
            estimated: boolean;
            input_tokens: number;
            key_id: string | null;
            latency_ms: number;
            model: string;
            output_tokens: number;
            provider: string | null;
            reasoning_tokens: number;
            request_id: string;
            /** @description the model id the provider served, present when it differs from `model` */
            served_model?: string;
            status: number;
            stream: boolean;
            /**
             * @description chat, embeddings, messages or responses: present when not chat (always in the detail)
             * @example messages
             */
            surface?: string;
            /** @description present only when the request carried x-gophergate-tags */
            tags?: string[];
            ttfb_ms: number | null;
        };
        LogPage: {
            data: components["schemas"]["LogItem"][];
            /** @description pass as `cursor` for the next page */
            next_cursor?: string | null;
        };
        ModelItemDto: {
            /** @description null: not listed (billed at the input price) */
            cache_read_price: number | null;
            cache_write_price: number | null;
            /** @description tokens */
            context: number | null;
            /** @example gpt-5-mini */
            id: string;
            /** @description USD per 1M input tokens; null: unknown */
            input_price: number | null;
            /** @description tokens */
            max_output: number | null;
            /** @example GPT-5 Mini */
            name: string;
            output_price: number | null;
            /**
             * @description models.dev provider id (or the configured provider for config-only models)
             * @example openai
             */
            provider: string;
            /** @description configured providers that would serve this model id (primary, then fallbacks) */
            served_by: string[];
            /** @description long-context prices, only for models that have them */
            tiers?: components["schemas"]["PriceTierDto"][];
        };
        ModelListDto: {
            data: components["schemas"]["ModelItemDto"][];
            registry: components["schemas"]["RegistryInfoDto"];
        };
        NewClientKey: {
            budget?: components["schemas"]["Budget"];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at: string | null;
            /** Format: uuid */
            id: string;
            /** @description The full key: shown once, never stored */
            key: string;
            name: string | null;
            prefix: string;
        };
        PriceTierDto: {
            /**
             * @description applies when the prompt has more than this many tokens (all tokens at these rates)
             * @example 200000
             */
            above_tokens: number;
            cache_read_price: number | null;
            cache_write_price: number | null;
            /** @description USD per 1M tokens */
            input_price: number;
            output_price: number;
        };
        Provider: {
            /** @description write-only: shown as ••••last4 */
            api_key: string | null;
            base_url: string | null;
            /** Format: date-time */
            created_at: string | null;
            /** @description false for providers from the config file or environment */
            editable: boolean;
            enabled: boolean;
            /** @example config:openai */
            id: string;
            /** @enum {string} */
            kind: "openai" | "anthropic" | "gemini" | "ollama" | "openai-compatible";
            models: string[] | null;
            name: string;
            preset: string | null;
            /** @description USD per 1M tokens per model id */
            pricing: {
                [key: string]: {
                    cache_read?: number;
                    cache_write?: number;
                    input: number;
                    output: number;
                };
            } | null;
            /**
             * @description only database providers can be changed here
             * @enum {string}
             */
            source: "config" | "env" | "database";
            /**
             * @description the breaker, or disabled
             * @enum {string}
             */
            state: "closed" | "open" | "half_open" | "disabled";
            timeout_seconds: number;
            /** Format: date-time */
            updated_at: string | null;
        };
        ProviderKind: {
            /** @description What the dashboard pre-fills, as the vendor documents it (null: the admin gives one) */
            default_base_url: string | null;
            /** @enum {string} */
            kind: "openai" | "anthropic" | "gemini" | "ollama" | "openai-compatible";
            presets: {
                base_url: string;
                name: string;
            }[];
        };
        ProviderKindList: {
            data: components["schemas"]["ProviderKind"][];
        };
        ProviderList: {
            data: components["schemas"]["Provider"][];
        };
        ProviderTestResultDto: {
            latency_ms: number;
            message: string;
            ok: boolean;
        };
        RegistryInfoDto: {
            loaded: boolean;
            /** Format: date-time */
            loaded_at: string | null;
            models: number;
            /** @enum {string} */
            source: "bundled" | "cache" | "remote";
        };
        RetryConfig: Record<string, never>;
        RouteCandidateDto: {
            /** @description milliseconds until the deployment is out of cooldown (0: available) */
            cooling_ms?: number;
            provider: string;
            /**
             * @description one of the rule's targets, or a fallback tried after every target failed or is cooling down
             * @enum {string}
             */
            role?: "target" | "fallback";
            /** @example closed */
            state: string;
            upstream_model: string;
            /** @description the target's weight (null for a fallback) */
            weight?: number | null;
        };
        RouteExplanationDto: {
            /** @description the model an alias stands for */
            alias_of?: string | null;
            candidates: components["schemas"]["RouteCandidateDto"][];
            model: string;
            price: components["schemas"]["RoutePriceDto"] | null;
            /**
             * @description how the targets are chosen per request
             * @enum {string}
             */
            strategy?: "ordered" | "weighted" | "least_busy" | "lowest_latency";
        };
        RoutePriceDto: {
            cache_read?: number | null;
            cache_write?: number | null;
            input: number;
            output: number;
        };
        RoutingDeploymentDto: {
            /** @description milliseconds until the deployment is out of cooldown (0: available) */
            cooling_ms: number;
            failed: number;
            in_flight: number;
            keys: components["schemas"]["RoutingKeyDto"][];
            kind: string;
            /** @description moving average of time to first byte, ms */
            latency_ms: number | null;
            provider: string;
            served: number;
            /** @description share of all answers served, 0..1 (this replica, since start) */
            share: number;
            /** @enum {string} */
            state: "closed" | "open" | "half_open" | "cooling" | "disabled";
        };
        RoutingKeyDto: {
            /** @description milliseconds until the key is back (0: available) */
            cooling_ms: number;
            /**
             * @description the key's place in the provider's api_keys (never the key)
             * @example key1
             */
            label: string;
            /** @example ••••abcd */
            masked: string;
            /** @description requests in the last minute on this replica */
            rpm: number;
            rpm_limit: number | null;
            /** @description answers served with this key since start (this replica) */
            served: number;
            /** @description share of the deployment's answers, 0..1 */
            share: number;
            /** @enum {string} */
            state: "available" | "cooling" | "revoked" | "at_limit";
            /** @description tokens in the last minute on this replica */
            tpm: number;
            tpm_limit: number | null;
            weight: number;
        };
        RoutingRuleDto: {
            fallback: string[];
            match: string;
            /** @enum {string} */
            strategy: "ordered" | "weighted" | "least_busy" | "lowest_latency";
            targets: {
                provider?: string;
                weight?: number;
            }[];
        };
        RoutingStatusDto: {
            /**
             * @example {
             *       "fast": "gpt-4o-mini"
             *     }
             */
            aliases: {
                [key: string]: string;
            };
            deployments: components["schemas"]["RoutingDeploymentDto"][];
            rules: components["schemas"]["RoutingRuleDto"][];
        };
        Session: {
            /** Format: date-time */
            created_at: string;
            current: boolean;
            /** Format: date-time */
            expires_at: string;
            id: string;
            ip: string | null;
            /** Format: date-time */
            last_seen_at: string;
            user_agent: string | null;
            user_id: string;
            username: string | null;
        };
        SessionList: {
            data: components["schemas"]["Session"][];
        };
        SystemInfo: {
            database: {
                /** @enum {string} */
                kind: "sqlite" | "postgres";
                size_bytes: number | null;
            };
            node_version: string;
            pid: number;
            providers: {
                kind: string;
                name: string;
                state: string;
            }[];
            registry: {
                /** @description seconds since as_of */
                age_seconds: number | null;
                /** @description the catalog data's date: the bundled snapshot's day, or the download */
                as_of: string | null;
                /** Format: date-time */
                loaded_at: string | null;
                models: number;
                source: string | null;
            };
            uptime_seconds: number;
            version: string;
        };
        UpdateClientDto: {
            /**
             * @description Model globs this client may use (* and ?); null or empty: every model
             * @example [
             *       "gpt-4o*",
             *       "claude-*"
             *     ]
             */
            allowed_models?: string[] | null;
            /** @description A spending limit per period; null removes it */
            budget?: components["schemas"]["BudgetDto"] | null;
            /** @description A credit.low alert fires when the balance falls below this (USD); null: never */
            low_balance_usd?: number | null;
            name?: string;
            /** @description Requests per minute; null: no limit */
            rpm?: number | null;
            /** @description Tokens per minute; null: no limit */
            tpm?: number | null;
        };
        UpdateKeyDto: {
            /** @description The key's own spending limit per period; null removes it */
            budget?: components["schemas"]["BudgetDto"] | null;
            name?: string | null;
        };
        UpdateProviderDto: {
            /** @description write-only; null removes the key, absent keeps it */
            api_key?: string | null;
            base_url?: string;
            breaker?: components["schemas"]["BreakerConfig"];
            enabled?: boolean;
            /** @enum {string} */
            kind?: "openai" | "anthropic" | "gemini" | "ollama" | "openai-compatible";
            models?: string[] | null;
            name?: string;
            preset?: string | null;
            /** @description USD per 1M tokens per model; null removes every override */
            pricing?: {
                [key: string]: {
                    cache_read?: number;
                    cache_write?: number;
                    input: number;
                    output: number;
                };
            } | null;
            retry?: components["schemas"]["RetryConfig"];
            /** @example 60 */
            stream_idle_seconds?: number;
            /** @example 30 */
            timeout_seconds?: number;
        };
        UpdateUserDto: {
            disabled?: boolean;
            password?: string;
            /** @enum {string} */
            role?: "admin" | "viewer";
        };
        UpdateWebhookDto: {
            events?: ("budget.threshold" | "budget.exceeded" | "credit.low" | "provider.state")[];
            /** @description null removes it */
            secret?: string | null;
            url?: string;
        };
        UsageItem: {
            avg_latency_ms: number | null;
            cache_read_tokens: number;
            cache_write_tokens: number;
            cost_usd: number;
            /** @example 0.0005043 */
            cost_usd_exact: string;
            errors: number;
            input_tokens: number;
            /** @description the group (client id, model, provider, day…) */
            key: string;
            output_tokens: number;
            reasoning_tokens: number;
            requests: number;
        };
        UsageSummary: {
            data: components["schemas"]["UsageItem"][];
        };
        /** @description The signed-in user (sign-in, /api/auth/me) */
        User: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            role: "admin" | "viewer";
            username: string;
        };
        UserList: {
            data: components["schemas"]["AdminUser"][];
        };
        /** @description An alert webhook: made here, or from config `alerts.webhooks` (read_only, id config-<n>). The secret is write-only. */
        Webhook: {
            /** Format: date-time */
            created_at: string | null;
            /**
             * @example [
             *       "budget.exceeded"
             *     ]
             */
            events: string[];
            /**
             * @description a UUID, or config-<n>
             * @example 3f0c2a9e-6a3b-4f0e-9a51-1c2d3e4f5a6b
             */
            id: string;
            /** @description config webhooks cannot be changed here */
            read_only: boolean;
            /** @description whether deliveries are signed (the secret itself is never returned) */
            secret_set: boolean;
            /** @example https://hooks.example/gg */
            url: string;
        };
        WebhookDelivery: {
            attempts: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            delivered_at: string | null;
            event_id: string;
            id: string;
            last_error: string | null;
            /** @description the receiver's last HTTP status */
            last_status: number | null;
            /** Format: date-time */
            next_attempt_at: string | null;
            /** @enum {string} */
            status: "pending" | "delivered" | "cancelled";
            /** @description the event type */
            type: string;
        };
        WebhookDeliveryList: {
            data: components["schemas"]["WebhookDelivery"][];
        };
        WebhookList: {
            data: components["schemas"]["Webhook"][];
        };
        WebhookTestResult: {
            /** @description the test event queued for delivery (see its deliveries) */
            event_id: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AuthController_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginResult"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Wrong username or password (the same message for both) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Too many failed sign-ins; see Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    AuthController_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description No body (an empty JSON object is accepted). */
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Signed out (the session is revoked) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    AuthController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ClientsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Clients */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientList"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ClientsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateClientDto"];
            };
        };
        responses: {
            /** @description The new client */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Client"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ClientsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Client"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ClientsController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ClientsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateClientDto"];
            };
        };
        responses: {
            /** @description The updated client */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Client"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    CreditController_add: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreditDto"];
            };
        };
        responses: {
            /** @description The ledger entry and the new balance */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditResult"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ClientKeysController_list: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client's keys (never the keys themselves) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientKeyList"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ClientKeysController_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateKeyDto"];
            };
        };
        responses: {
            /** @description The new key, shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewClientKey"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ClientKeysController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ClientKeysController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                keyId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateKeyDto"];
            };
        };
        responses: {
            /** @description The updated key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClientKey"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    CreditController_ledger: {
        parameters: {
            query?: {
                /** @description next_cursor of the previous page */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The client's ledger, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerPage"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    LogsController_list: {
        parameters: {
            query?: {
                client_id?: string;
                /** @description next_cursor of the previous page */
                cursor?: string;
                /** @description ISO 8601, inclusive */
                from?: string;
                limit?: number;
                model?: string;
                provider?: string;
                /** @description An HTTP status (200), a class (4xx), "error" (≥ 400) or "success" (< 400) */
                status?: string;
                surface?: "chat" | "embeddings" | "messages" | "responses";
                /** @description Only requests that carried this x-gophergate-tags tag */
                tag?: string;
                /** @description ISO 8601, exclusive */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Request log rows, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogPage"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    LogsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                requestId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One request (bodies only when enabled) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogDetail"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    AdminModelsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelListDto"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ModelsController_route: {
        parameters: {
            query: {
                /** @description A model id as a client would send it (may be provider/model) */
                model: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RouteExplanationDto"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No configured provider serves the model */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ProvidersController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Providers from config/env (read-only) and from the database */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderList"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ProvidersController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProviderDto"];
            };
        };
        responses: {
            /** @description The new provider */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Provider"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ProvidersController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ProvidersController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProviderDto"];
            };
        };
        responses: {
            /** @description The updated provider */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Provider"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ProvidersController_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description No body (an empty JSON object is accepted). */
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderTestResultDto"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ProvidersController_kinds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Provider kinds with the base URL the form pre-fills and the openai-compatible presets */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderKindList"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    ModelsController_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description No body (an empty JSON object is accepted). */
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistryInfoDto"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Refresh is disabled (registry.url is empty) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description The download failed or the document was invalid; the loaded catalog is unchanged */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    RoutingStatusController_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoutingStatusDto"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    SessionsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your sessions (all for an admin) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    SessionsController_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    SystemController_info: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Version, uptime, database, registry age, breaker states */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SystemInfo"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    SystemController_backup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A consistent SQLite snapshot (admin only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    UsageController_summary: {
        parameters: {
            query?: {
                /** @description ISO 8601 (rounded down to the hour) */
                from?: string;
                group_by?: "client" | "model" | "provider" | "day" | "hour" | "key" | "tag" | "surface";
                /** @description ISO 8601, exclusive */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Requests, tokens by kind and cost per group */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageSummary"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    UsersController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Users */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    UsersController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserDto"];
            };
        };
        responses: {
            /** @description The new user */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    UsersController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    UsersController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUserDto"];
            };
        };
        responses: {
            /** @description The updated user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    WebhooksController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Webhooks: admin-made and from config */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookList"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    WebhooksController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookDto"];
            };
        };
        responses: {
            /** @description The new webhook */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    WebhooksController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    WebhooksController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    WebhooksController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookDto"];
            };
        };
        responses: {
            /** @description The updated webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    WebhooksController_deliveries: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook's deliveries, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryList"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
    WebhooksController_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** @description No body (an empty JSON object is accepted). */
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description A test event queued for delivery */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookTestResult"];
                };
            };
            /** @description Invalid input (each problem listed in `message`) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No valid session */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description Viewers may only read */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
            /** @description No such resource */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiError"];
                };
            };
        };
    };
}
