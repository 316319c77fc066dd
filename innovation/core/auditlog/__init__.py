"""The audit log's pages (审计日志: the list, its export, the chain's status and 立即校验).

The `innovation.audit` app is the writer every other app stands on (`record`, the chain, the
tracking of changes), so it stands below `accounts` and `core`; the pages that read it check the
permission model (`accounts`) and use the generic list view (`core.generic`), so they live here,
above both. URL namespace "audit", templates under templates/audit/."""
