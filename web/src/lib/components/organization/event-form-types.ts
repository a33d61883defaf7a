/** The event form's data (ORG-05), shared by its component and its server module. */

export interface ExtraDateValues {
  id: string;
  startsAt: string;
  endsAt: string;
}

/** Everything the form holds, as typed. */
export interface EventFormValues {
  version: string;
  title: string;
  presenterOrgId: string;
  venueIds: string[];
  categoryId: string;
  otherCategoryIds: string[];
  audienceIds: string[];
  exhibitionTypeId: string;
  parentEventId: string;
  descriptionHtml: string;
  startsAt: string;
  endsAt: string;
  showTime: boolean;
  extraDates: ExtraDateValues[];
  online: boolean;
  onlineUrl: string;
  soldOut: boolean;
  externalTicketingUrl: string;
  priceMin: string;
  priceMax: string;
  free: boolean;
  freeOption: boolean;
  websiteUrl: string;
  seoTitle: string;
  seoKeywords: string;
  facebookEventId: string;
  slug: string;
  featured: boolean;
  bigEvent: boolean;
  note: string;
}

export interface PickOption {
  value: string;
  label: string;
}

export interface EventFormChoices {
  venues: PickOption[];
  categories: PickOption[];
  audiences: PickOption[];
  exhibitionTypes: PickOption[];
  presenters: PickOption[];
  /** The names of the categories that require an exhibition type (« Musée »). */
  exhibitionCategories: string[];
}
