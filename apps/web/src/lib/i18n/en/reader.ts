// English strings of the reading pane: headers, body, attachments, remote content, source view.
export default {} as const;
