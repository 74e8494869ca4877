/** @module Trigger payloads built the way the Kafka trigger delivers them. */
export { type CloudEventOptions, cloudEvent, cloudEventBatch } from './cloud-event';
export { kafkaData, type TriggerMessage } from './kafka-data';
export { PUSH_FORMATS, type PushFormat, pushBody, pushBodyOverhead, pushElement, pushElementText, rawDataBatch } from './push-format';
