/** @module Trigger payloads built the way the Kafka trigger delivers them. */
export { type CloudEventOptions, cloudEvent, cloudEventBatch, type TriggerMessage } from './cloud-event';
