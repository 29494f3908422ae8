export declare const API_TYPES_PATH: string;
export declare const API_TYPES_COMMAND: string;
export declare function renderApiTypes(document: object): Promise<string>;
