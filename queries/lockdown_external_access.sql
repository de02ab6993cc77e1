SET enable_external_access = false
