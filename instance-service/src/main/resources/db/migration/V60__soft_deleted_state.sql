-- Issue 13: a deleted instance in its grace period is SOFT_DELETED (it was called DELETING): its
-- configuration and its points (DELETED) are kept until retention-service purges them.
update backup_instance set state = 'SOFT_DELETED' where state = 'DELETING';
update instance_activity set resulting_state = 'SOFT_DELETED' where resulting_state = 'DELETING';
update pending_operation set observed_state = 'SOFT_DELETED' where observed_state = 'DELETING';
