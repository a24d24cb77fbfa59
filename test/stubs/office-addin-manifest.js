// office-addin-mock imports office-addin-manifest, which is ESM-only and breaks jest's CommonJS
// loader. office-addin-mock only needs the OfficeApp enum from it.
module.exports = {
  OfficeApp: {
    Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', Project: 'project',
    PowerPoint: 'powerpoint', Word: 'word',
  },
};
