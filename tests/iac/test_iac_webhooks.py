"""The webhook plumbing in template.yaml: queues, subscription, table and the dispatcher's wiring."""

from __future__ import annotations

from tests.iac.cfn_template import resources_of_type


def _props(template, name):
    return template["Resources"][name]["Properties"]


def test_queues_are_encrypted_and_redrive_to_the_dead_letter_queue(template):
    timeout = _props(template, "WebhookDispatcherFunction")["Timeout"]
    for name in ("WebhookEventsQueue", "WebhookRetryQueue"):
        queue = _props(template, name)
        assert queue["SqsManagedSseEnabled"] is True
        assert queue["VisibilityTimeout"] >= 6 * timeout, f"{name}: a batch in flight could be handed out twice"
        assert queue["RedrivePolicy"] == {"deadLetterTargetArn": {"Fn::GetAtt": ["WebhookDeadLetterQueue", "Arn"]},
                                          "maxReceiveCount": 5}
    dead = _props(template, "WebhookDeadLetterQueue")
    assert dead["SqsManagedSseEnabled"] is True and dead["MessageRetentionPeriod"] == 14 * 24 * 3600


def test_only_the_events_topic_may_send_to_the_events_queue(template):
    subscription = _props(template, "WebhookEventsSubscription")
    assert subscription["TopicArn"] == {"Ref": "EventsTopic"} and subscription["RawMessageDelivery"] is True
    assert subscription["Endpoint"] == {"Fn::GetAtt": ["WebhookEventsQueue", "Arn"]}
    policy = _props(template, "WebhookEventsQueuePolicy")
    assert policy["Queues"] == [{"Ref": "WebhookEventsQueue"}]
    [allow] = [s for s in policy["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "sns.amazonaws.com"} and allow["Action"] == "sqs:SendMessage"
    assert allow["Condition"] == {"ArnEquals": {"aws:SourceArn": {"Ref": "EventsTopic"}}}


def test_dispatcher_reads_both_queues_reporting_partial_failures(template):
    mappings = {m["Properties"]["EventSourceArn"]["Fn::GetAtt"][0]: m["Properties"]
                for m in resources_of_type(template, "AWS::Lambda::EventSourceMapping").values()
                if m["Properties"]["FunctionName"] == {"Ref": "WebhookDispatcherFunction"}}
    assert set(mappings) == {"WebhookEventsQueue", "WebhookRetryQueue"}
    assert all(m["FunctionResponseTypes"] == ["ReportBatchItemFailures"] for m in mappings.values())
    env = _props(template, "WebhookDispatcherFunction")["Environment"]["Variables"]
    assert env == {"WEBHOOKS_TABLE": {"Ref": "WebhooksTable"}, "WEBHOOK_RETRY_QUEUE_URL": {"Ref": "WebhookRetryQueue"},
                   "WEBHOOK_DEAD_LETTER_QUEUE_URL": {"Ref": "WebhookDeadLetterQueue"},
                   "WEBHOOKS_ALLOW_INSECURE_LOCAL": "false"}
    policies = _props(template, "WebhookDispatcherFunction")["Policies"]
    assert {"DynamoDBCrudPolicy": {"TableName": {"Ref": "WebhooksTable"}}} in policies
    sends = [p["SQSSendMessagePolicy"]["QueueName"]["Fn::GetAtt"][0] for p in policies if "SQSSendMessagePolicy" in p]
    assert sorted(sends) == ["WebhookDeadLetterQueue", "WebhookRetryQueue"]


def test_webhooks_table_is_durable_with_ttl_and_the_api_uses_it(template):
    table = _props(template, "WebhooksTable")
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["SSESpecification"]["SSEEnabled"] is True and table["BillingMode"] == "PAY_PER_REQUEST"
    api = _props(template, "ApiFunction")
    assert api["Environment"]["Variables"]["WEBHOOKS_TABLE"] == {"Ref": "WebhooksTable"}
    assert api["Environment"]["Variables"]["WEBHOOKS_ALLOW_INSECURE_LOCAL"] == "false"
    routes = {(e["Properties"]["Path"], e["Properties"]["Method"]) for e in api["Events"].values()}
    assert {("/webhooks", "post"), ("/webhooks", "get"), ("/webhooks/{id}", "delete")} <= routes
