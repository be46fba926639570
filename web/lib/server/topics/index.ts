/** Topic library and editor services (admin). */
export { listTopics, type LibraryTopic, type TopicLibrary } from './library.ts';
export {
  archiveTopics,
  createTopic,
  duplicateTopic,
  topicFromSession,
  recategoriseTopics,
  restoreTopicVersion,
  updateTopic,
  type SaveOutcome
} from './editor.ts';
export {
  diffTopicVersion,
  getTopicForEditor,
  listTopicVersions,
  type EditableTopic,
  type FieldDiff,
  type TopicVersionEntry
} from './history.ts';
export { EDITABLE_FIELDS, type EditableField } from './fields.ts';
export { getTopicPreview, type TopicPreview } from './preview.ts';
